package net.aitbc.platform.error;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * The one JSON error shape of every endpoint:
 * {@code {"status": 400, "error": "invalid_field", "detail": "...", "field": "fee", "request_id": "..."}}.
 * {@code detail} is the name the original's clients read; {@code field} and {@code request_id} appear when known.
 */
public final class ErrorBody {

    /** Looked up once: Json.createObjectBuilder looks for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private ErrorBody() {
    }

    public static JsonObject of(int status, String error, String detail, String field, String requestId) {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("status", status)
                .add("error", error)
                .add("detail", detail == null ? error : detail);
        if (field != null) {
            b.add("field", field);
        }
        if (requestId != null) {
            b.add("request_id", requestId);
        }
        return b.build();
    }

    public static JsonObject of(ApiException e, String requestId) {
        return of(e.status(), e.code(), e.getMessage(), e.field(), requestId);
    }

    /** A stable code for a bare HTTP status, used where no feature named one. */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    /** Writes the error shape from a servlet filter or servlet, outside JAX-RS. */
    public static void write(jakarta.servlet.http.HttpServletRequest request,
                             jakarta.servlet.http.HttpServletResponse response,
                             int status, String error, String detail) throws java.io.IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Object id = request.getAttribute(RequestIds.ATTRIBUTE);
        response.getWriter().write(of(status, error, detail, null, id == null ? null : id.toString()).toString());
    }
}
