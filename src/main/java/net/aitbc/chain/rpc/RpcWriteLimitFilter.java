package net.aitbc.chain.rpc;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;
import net.aitbc.platform.ratelimit.RateLimit;
import net.aitbc.platform.ratelimit.RateLimiter;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's writes ({@code POST /rpc/...}: transactions, imports, faucet) count per client IP against the
 * RPC_WRITE limit. Peers relay every block and transaction to each other and coordinators write receipts and
 * settlements, so the configured peers' addresses and AITBC_RATE_LIMIT_EXEMPT_IPS are not counted.
 */
@Provider
@ApplicationScoped
public class RpcWriteLimitFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(RpcWriteLimitFilter.class.getName());

    @Inject
    RateLimiter limiter;
    @Inject
    @ConfigProperty(name = "AITBC_PEERS", defaultValue = " ")
    String peers;
    @Inject
    @ConfigProperty(name = "AITBC_RATE_LIMIT_EXEMPT_IPS", defaultValue = " ")
    String exemptSetting;
    @Context
    HttpServletRequest request;

    private final Set<String> exempt = new HashSet<>();

    @PostConstruct
    void resolveExemptions() {
        for (String ip : exemptSetting.split(",")) {
            add(ip.strip());
        }
        for (String url : peers.split(",")) {
            if (!url.isBlank()) {
                add(URI.create(url.strip()).getHost());
            }
        }
    }

    private void add(String host) {
        if (host == null || host.isEmpty()) {
            return;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                exempt.add(a.getHostAddress());
            }
        } catch (UnknownHostException e) {
            // a peer whose name does not resolve yet is counted like any client until the server restarts
            LOG.warning("rate limits: cannot resolve " + host + " to exempt it: " + e.getMessage());
        }
    }

    @Override
    public void filter(ContainerRequestContext context) {
        String path = context.getUriInfo().getPath();
        if (!"POST".equals(context.getMethod()) || !(path.startsWith("rpc/") || path.startsWith("/rpc/"))) {
            return;
        }
        String client = RateLimiter.clientAddress(request);
        if (!exempt.contains(client)) {
            limiter.check(request, RateLimit.RPC_WRITE, client);
        }
    }
}
