package net.aitbc.chain.consensus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.platform.error.ApiException;

/** The devnet faucet: MINT transactions signed with this node's authority key, admitted like any other. */
@ApplicationScoped
public class Faucet {

    @Inject
    ChainConfig config;
    @Inject
    Ledger ledger;
    @Inject
    Mempool mempool;

    /** Serialised: each mint takes the authority's next nonce. */
    public synchronized String mint(String recipient, long amount) {
        Ed25519.KeyPair key = config.proposerKey().orElseThrow(() -> new ApiException(409, "not_an_authority",
                "this node holds no authority key; call the faucet of an authority node"));
        var pending = mempool.ofAddress(key.address(), 100_000).stream()
                .filter(t -> t.sender().equals(key.address())).count();
        long nonce = ledger.account(key.address()).nonce() + pending;
        SignedTx tx = SignedTx.sign(config.chainId(), TxType.MINT, nonce, 0,
                Json.createObjectBuilder().add("recipient", recipient).add("amount", amount).build(), key);
        return mempool.submit(tx);
    }
}
