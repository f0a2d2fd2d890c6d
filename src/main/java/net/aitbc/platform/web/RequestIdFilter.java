package net.aitbc.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import net.aitbc.platform.error.RequestIds;

/** First filter (web.xml order): gives every request an id, echoed in X-Request-Id and in error bodies. */
public class RequestIdFilter extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        res.setHeader(RequestIds.HEADER, RequestIds.assign(req));
        chain.doFilter(req, res);
    }
}
