package net.aitbc.platform.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.aitbc.platform.error.ErrorBody;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CORS with an allow-list (AITBC_CORS_ORIGINS). The seed's rule: a request whose Origin is neither allowed nor
 * this server's own origin gets 400; a preflight is answered only for allowed origins.
 */
public class CorsFilter extends HttpFilter {

    private static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Content-Type, Authorization, X-Api-Key, X-Miner-ID, X-Request-Id";

    @Inject
    @ConfigProperty(name = "AITBC_CORS_ORIGINS")
    List<String> origins;

    private Set<String> allowed;

    @Override
    public void init() {
        allowed = origins.stream().map(CorsFilter::normalise).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String origin = req.getHeader("Origin");
        if (origin == null || normalise(origin).equals(ownOrigin(req))) {
            chain.doFilter(req, res);
            return;
        }
        if (!allowed.contains(normalise(origin))) {
            ErrorBody.write(req, res, 400, "origin_not_allowed",
                    "origin " + abbreviate(origin) + " is not allowed; see AITBC_CORS_ORIGINS");
            return;
        }
        res.setHeader("Access-Control-Allow-Origin", origin);
        res.setHeader("Access-Control-Allow-Credentials", "true");
        res.addHeader("Vary", "Origin");
        res.setHeader("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
        if ("OPTIONS".equals(req.getMethod()) && req.getHeader("Access-Control-Request-Method") != null) {
            res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
            res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            res.setHeader("Access-Control-Max-Age", "600");
            res.setStatus(204);
            return;
        }
        chain.doFilter(req, res);
    }

    /** scheme://host[:port] as the browser would send it for this request (behind a proxy: its Host header). */
    private static String ownOrigin(HttpServletRequest req) {
        String host = req.getHeader("Host");
        return host == null ? "" : normalise(req.getScheme() + "://" + host);
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(java.util.Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
