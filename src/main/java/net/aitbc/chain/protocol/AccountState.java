package net.aitbc.chain.protocol;

import jakarta.json.JsonObject;

/**
 * An account's balance and nonce. {@code nonce} counts the account's applied transactions, so it is also the
 * nonce its next transaction must carry (plus its pending ones).
 */
public record AccountState(String address, long balance, long nonce) {

    public JsonObject toJson() {
        return JsonCodec.createObjectBuilder().add("address", address).add("balance", balance).add("nonce", nonce).build();
    }
}
