package net.aitbc.platform.logging;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Adds {@code service} (our feature: chain, coordinator, platform...), {@code function} and {@code line} of the
 * logging code to Liberty's JSON log records; Liberty itself writes {@code module} (the logger). The seed's
 * structured logs carried these four fields.
 *
 * Liberty asks LogRecordContext extensions for their values on the thread that logs, while that thread is still
 * inside the logging call, so the first of our frames on the stack is the code that logged. Records with none of
 * our code on the stack get no such fields. Outside Liberty (no LogRecordContext) this does nothing.
 */
@Singleton
@Startup
public class StructuredLogFields {

    private static final String[] FIELDS = {"service", "function", "line"};
    private static final String OWN_PACKAGE = StructuredLogFields.class.getPackageName();
    private Method unregister;
    /** Liberty holds extensions weakly: without these references they vanish at the next garbage collection. */
    private final java.util.List<Object> suppliers = new java.util.ArrayList<>();

    @PostConstruct
    void install() {
        try {
            Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
            Class<?> extension = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext$Extension");
            Method register = context.getMethod("registerExtension", String.class, extension);
            for (String field : FIELDS) {
                Object supplier = Proxy.newProxyInstance(extension.getClassLoader(), new Class<?>[] {extension},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "getValue" -> value(field);
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> field;
                        });
                suppliers.add(supplier);
                register.invoke(null, field, supplier);
            }
            unregister = context.getMethod("unregisterExtension", String.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            Logger.getLogger(StructuredLogFields.class.getName()).fine("plain logging: " + e);
        }
    }

    @PreDestroy
    void uninstall() {
        if (unregister == null) {
            return;
        }
        for (String field : FIELDS) {
            try {
                unregister.invoke(null, field);
            } catch (ReflectiveOperationException ignored) {
                // the server is stopping anyway
            }
        }
    }

    private static String value(String field) {
        Optional<StackWalker.StackFrame> caller = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("net.aitbc.")
                        && !f.getClassName().startsWith(OWN_PACKAGE + ".StructuredLogFields"))
                .findFirst());
        return caller.map(f -> switch (field) {
            case "service" -> feature(f.getClassName());
            case "function" -> f.getMethodName();
            default -> Integer.toString(f.getLineNumber());
        }).orElse(null);
    }

    /** net.aitbc.chain.rpc.X -> chain */
    private static String feature(String className) {
        String rest = className.substring("net.aitbc.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? "aitbc" : rest.substring(0, dot);
    }
}
