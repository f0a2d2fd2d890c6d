package net.aitbc.platform.error;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The id that ties a response, its error body and its log lines together (header X-Request-Id). */
public final class RequestIds {

    public static final String ATTRIBUTE = "aitbc.request_id";
    public static final String HEADER = "X-Request-Id";

    private RequestIds() {
    }

    public static String of(HttpServletRequest request) {
        Object id = request == null ? null : request.getAttribute(ATTRIBUTE);
        return id == null ? null : id.toString();
    }

    /** Takes a caller's id when it is short and plain, else makes one. */
    public static String assign(HttpServletRequest request) {
        String given = request.getHeader(HEADER);
        // ids need to be unique enough to find a request in the logs, not unguessable: no SecureRandom here
        String id = given != null && given.matches("[A-Za-z0-9._-]{1,64}") ? given
                : new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong()).toString();
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
