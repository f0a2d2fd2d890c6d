package net.aitbc.platform.error;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every exception a resource lets out becomes the one error shape. Unexpected ones become a 500 with an id that
 * is also in the log next to the stack trace, which the caller never sees.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable thrown) {
        String requestId = RequestIds.of(request);
        if (thrown instanceof ApiException api) {
            Response.ResponseBuilder r = json(api.status(), ErrorBody.of(api, requestId));
            api.headers().forEach(r::header);
            return r.build();
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException) {
                return json(413, ErrorBody.of(413, "payload_too_large", t.getMessage(), null, requestId)).build();
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof JsonException || t instanceof JsonbException) {
                return json(400, ErrorBody.of(400, "malformed_json", "request body is not valid JSON: "
                        + firstLine(t.getMessage()), null, requestId)).build();
            }
            if (t instanceof ApiException api) {
                return json(api.status(), ErrorBody.of(api, requestId)).build();
            }
        }
        if (thrown instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status < 500) {
                Response.ResponseBuilder r = json(status, ErrorBody.of(status, ErrorBody.codeFor(status),
                        describe(status, web), null, requestId));
                if (status == 405) {
                    r.allow(web.getResponse().getAllowedMethods());
                }
                return r.build();
            }
        }
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error " + errorId + " (request " + requestId + ")", thrown);
        return json(500, ErrorBody.of(500, "internal_error",
                "unexpected server error; quote error id " + errorId, null, requestId))
                .header("X-Error-Id", errorId).build();
    }

    private String describe(int status, WebApplicationException web) {
        String path = request == null ? "" : request.getRequestURI();
        return switch (status) {
            case 404 -> "no resource at " + path;
            case 405 -> request.getMethod() + " is not allowed on " + path;
            case 406 -> "no acceptable representation; this API answers application/json";
            case 415 -> "unsupported content type; send application/json";
            default -> firstLine(web.getMessage());
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    private static Response.ResponseBuilder json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString());
    }
}
