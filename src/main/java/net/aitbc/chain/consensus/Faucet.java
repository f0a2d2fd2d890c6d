package net.aitbc.chain.consensus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.platform.error.ApiException;

/** The devnet faucet: MINT transactions signed with this node's authority key, admitted like any other. */
@ApplicationScoped
public class Faucet {

    @Inject
    ChainConfig config;
    @Inject
    Mempool mempool;

    private volatile SigningAccount authority;

    public String mint(String recipient, long amount) {
        SignedTx tx = account().send(TxType.MINT, 0,
                JsonCodec.createObjectBuilder().add("recipient", recipient).add("amount", amount).build());
        return tx.hash();
    }

    private SigningAccount account() {
        SigningAccount a = authority;
        if (a == null) {
            synchronized (this) {
                if (authority == null) {
                    var key = config.proposerKey().orElseThrow(() -> new ApiException(409, "not_an_authority",
                            "this node holds no authority key; call the faucet of an authority node"));
                    authority = new SigningAccount(key, config.chainId(), x -> mempool.snapshotOf(x).nextNonce(),
                            mempool::submit);
                }
                a = authority;
            }
        }
        return a;
    }
}
