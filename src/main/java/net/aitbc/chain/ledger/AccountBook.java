package net.aitbc.chain.ledger;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.EscrowState;

/**
 * The accounts and escrows a block changes, kept in memory while the block is built or checked: read from the
 * ledger on first use, written back only when the whole block is accepted. An escrow can also be changed to
 * "absent" (stepping back over the lock that opened it).
 */
public final class AccountBook {

    private final Function<String, AccountState> accounts;
    private final Function<String, Optional<EscrowState>> escrows;
    private final Map<String, AccountState> changed = new LinkedHashMap<>();
    private final Map<String, Optional<EscrowState>> changedEscrows = new LinkedHashMap<>();

    /** A book over accounts only: every escrow is absent (chains and tests without escrows). */
    public AccountBook(Function<String, AccountState> accounts) {
        this(accounts, id -> Optional.empty());
    }

    public AccountBook(Function<String, AccountState> accounts, Function<String, Optional<EscrowState>> escrows) {
        this.accounts = accounts;
        this.escrows = escrows;
    }

    public AccountState get(String address) {
        AccountState s = changed.get(address);
        return s != null ? s : accounts.apply(address);
    }

    void put(AccountState state) {
        changed.put(state.address(), state);
    }

    public Optional<EscrowState> escrow(String id) {
        Optional<EscrowState> e = changedEscrows.get(id);
        return e != null ? e : escrows.apply(id);
    }

    void put(EscrowState escrow) {
        changedEscrows.put(escrow.escrowId(), Optional.of(escrow));
    }

    void removeEscrow(String id) {
        changedEscrows.put(id, Optional.empty());
    }

    public Map<String, AccountState> changed() {
        return changed;
    }

    /** Every escrow changed, as it is now, or empty for one that no longer exists. */
    public Map<String, Optional<EscrowState>> changedEscrows() {
        return changedEscrows;
    }

    /** The changed escrows that exist (what a block's state_root commits to). */
    public Collection<EscrowState> presentEscrows() {
        return changedEscrows.values().stream().flatMap(Optional::stream).toList();
    }

    /** Ids of changed escrows that no longer exist. */
    public List<String> removedEscrows() {
        return changedEscrows.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** A copy to try a transaction on, so a failing one leaves this book as it was. */
    public AccountBook fork() {
        return new AccountBook(this::get, this::escrow);
    }

    /** Takes over what a fork changed. */
    public void merge(AccountBook fork) {
        changed.putAll(fork.changed);
        changedEscrows.putAll(fork.changedEscrows);
    }
}
