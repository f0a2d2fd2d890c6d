package net.aitbc.chain.ledger;

import net.aitbc.chain.protocol.AccountState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The accounts a block changes, kept in memory while the block is built or checked: read from the ledger on
 * first use, written back only when the whole block is accepted.
 */
public final class AccountBook {

    private final Function<String, AccountState> loader;
    private final Map<String, AccountState> changed = new LinkedHashMap<>();

    public AccountBook(Function<String, AccountState> loader) {
        this.loader = loader;
    }

    public AccountState get(String address) {
        AccountState s = changed.get(address);
        return s != null ? s : loader.apply(address);
    }

    void put(AccountState state) {
        changed.put(state.address(), state);
    }

    public Map<String, AccountState> changed() {
        return changed;
    }

    /** A copy to try a transaction on, so a failing one leaves this book as it was. */
    public AccountBook fork() {
        AccountBook copy = new AccountBook(this::get);
        return copy;
    }

    /** Takes over what a fork changed. */
    public void merge(AccountBook fork) {
        changed.putAll(fork.changed);
    }
}
