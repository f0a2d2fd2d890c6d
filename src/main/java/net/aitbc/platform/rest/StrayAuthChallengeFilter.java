package net.aitbc.platform.rest;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Liberty's MicroProfile JWT answers a bad bearer token on an endpoint without role constraints by setting a
 * {@code WWW-Authenticate} challenge and letting the request through (the application decides: a client key may
 * still be valid). A successful answer must not carry that stray challenge.
 */
@Provider
public class StrayAuthChallengeFilter implements ContainerResponseFilter {

    @Context
    HttpServletResponse servletResponse;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 && servletResponse != null && servletResponse.containsHeader("WWW-Authenticate")) {
            servletResponse.setHeader("WWW-Authenticate", null);
        }
    }
}
