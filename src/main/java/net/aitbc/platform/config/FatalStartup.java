package net.aitbc.platform.config;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stops a server that must not run: logs the reason, then ends the process (a systemd unit sees the failure)
 * unless AITBC_EXIT_ON_FATAL=false, e.g. on a shared Liberty server, where only the application fails.
 */
public final class FatalStartup extends RuntimeException {

    private static final Logger LOG = Logger.getLogger(FatalStartup.class.getName());
    /** EX_CONFIG from sysexits.h: a configuration error. */
    private static final int EXIT_CODE = 78;

    private FatalStartup(String message, Throwable cause) {
        super(message, cause);
    }

    public static FatalStartup stop(String message) {
        return stop(message, null);
    }

    public static FatalStartup stop(String message, Throwable cause) {
        String text = "AITBC cannot start: " + message;
        LOG.log(Level.SEVERE, text);
        System.err.println(text);
        String exit = System.getenv("AITBC_EXIT_ON_FATAL");
        if (exit == null || !exit.equalsIgnoreCase("false")) {
            // from another thread: the deploying thread must not block the shutdown it triggers
            Thread halt = new Thread(() -> System.exit(EXIT_CODE), "aitbc-fatal-exit");
            halt.setDaemon(true);
            halt.start();
        }
        return new FatalStartup(text, cause);
    }
}
