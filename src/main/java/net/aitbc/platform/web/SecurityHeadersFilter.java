package net.aitbc.platform.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The browser-facing security headers on every answer, pages, APIs and errors alike (set before the chain runs,
 * so a refusal by a later filter carries them too). The pages keep every script and style in files of their own
 * origin, so the policy needs no 'unsafe-inline'; a page that breaks it shows a console error in the page tests.
 * {@code blob:} in connect-src: the explorer and the wallet hand proof bundles and key files to the browser as
 * downloads of blob URLs they made themselves.
 */
public class SecurityHeadersFilter extends HttpFilter {

    static final String DEFAULT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' blob:; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Inject
    @ConfigProperty(name = "AITBC_CONTENT_SECURITY_POLICY", defaultValue = DEFAULT_POLICY)
    String policy;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        res.setHeader("Content-Security-Policy", policy);
        res.setHeader("X-Content-Type-Options", "nosniff");
        // wallet addresses and job ids sit in URLs: no other site learns them from a link
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        chain.doFilter(req, res);
    }
}
