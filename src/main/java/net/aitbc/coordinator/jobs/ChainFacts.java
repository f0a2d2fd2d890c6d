package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.platform.error.ApiException;

/**
 * The chain's id and (recent) height, as the job view's payment instructions need them; the height is asked at
 * most once a second, so submitting many paid jobs does not cost a chain round trip each.
 */
@ApplicationScoped
public class ChainFacts {

    @Inject
    ChainGateway chain;

    private volatile String chainId;
    private volatile long height;
    private volatile long heightAt;
    private volatile Long minFee;

    public String chainId() {
        String id = chainId;
        if (id == null) {
            id = chainId = call().chainId();
        }
        return id;
    }

    /** The fee the coordinator pays per transaction: the chain's min_fee, read once. */
    public long minFee() {
        Long fee = minFee;
        if (fee == null) {
            var status = call().get("/rpc/status");
            fee = minFee = status.containsKey("min_fee") ? status.getJsonNumber("min_fee").longValue() : 0L;
        }
        return fee;
    }

    public long height() {
        long now = System.currentTimeMillis();
        if (now - heightAt > 1000) {
            height = call().height();
            heightAt = now;
        }
        return height;
    }

    private net.aitbc.chain.client.ChainClient call() {
        try {
            return chain.client();
        } catch (IllegalStateException e) {
            throw new ApiException(503, "chain_unavailable", e.getMessage());
        }
    }
}
