package net.aitbc.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import net.aitbc.platform.error.ErrorBody;

/** The container's error page (web.xml): errors outside JAX-RS, such as unknown static paths, get the JSON shape. */
@WebServlet("/error")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? req.getRequestURI() : uri.toString();
        String detail = switch (status) {
            case 404 -> "no resource at " + path;
            case 405 -> "method not allowed on " + path;
            case 413 -> "request body too large";
            default -> status >= 500 ? "unexpected server error" : "request failed";
        };
        ErrorBody.write(req, res, status, ErrorBody.codeFor(status), detail);
    }
}
