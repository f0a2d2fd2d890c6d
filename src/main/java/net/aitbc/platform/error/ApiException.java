package net.aitbc.platform.error;

/**
 * A request the API refuses, with the HTTP status, a stable machine-readable {@code error} code and a message for
 * people. Features subclass or throw it; {@link ApiExceptionMapper} turns it into the one error shape.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public ApiException(int status, String code, String message, String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(400, code, message);
    }

    public static ApiException invalidField(String field, String message) {
        return new ApiException(400, "invalid_field", message, field);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** Extra headers the response needs, such as Retry-After; none by default. */
    public java.util.Map<String, String> headers() {
        return java.util.Map.of();
    }
}
