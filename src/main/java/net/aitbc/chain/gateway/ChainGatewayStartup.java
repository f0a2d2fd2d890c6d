package net.aitbc.chain.gateway;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import net.aitbc.platform.config.FatalStartup;
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;

/** A coordinator or exchange that is not a node must be told where the chain is, or it cannot pay anyone. */
@Singleton
@Startup
public class ChainGatewayStartup {

    private static final Logger LOG = Logger.getLogger(ChainGatewayStartup.class.getName());

    @Inject
    ServerRoles roles;
    @Inject
    ChainGateway gateway;

    @PostConstruct
    void check() {
        boolean needsChain = roles.has(Role.COORDINATOR) || roles.has(Role.EXCHANGE);
        if (!needsChain) {
            return;
        }
        if (!gateway.isConfigured()) {
            throw FatalStartup.stop("AITBC_CHAIN_URL is required: this server has the "
                    + (roles.has(Role.COORDINATOR) ? "coordinator" : "exchange")
                    + " role but not the node role, so set AITBC_CHAIN_URL to a node's base URL (http://host:port)");
        }
        LOG.info("The coordinator and exchange reach the chain at " + gateway.url());
    }
}
