package net.aitbc.chain.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import net.aitbc.chain.protocol.AccountState;

/** An account's balance and nonce as of the head block. Every well-formed address exists with zero. */
@Entity
@Table(name = "chain_account")
@NamedQuery(name = "Account.list", query = "SELECT a FROM Account a WHERE a.balance >= :minBalance ORDER BY a.balance DESC, a.address")
@NamedQuery(name = "Account.count", query = "SELECT COUNT(a) FROM Account a WHERE a.balance >= :minBalance")
@NamedQuery(name = "Account.in", query = "SELECT a FROM Account a WHERE a.address IN :addresses")
@NamedQuery(name = "Account.supply", query = "SELECT SUM(a.balance) FROM Account a")
public class Account {

    @Id
    private String address;
    private long balance;
    private long nonce;
    @Column(name = "updated_at")
    private long updatedAt;

    protected Account() {
    }

    public static Account of(AccountState s, long now) {
        Account a = new Account();
        a.address = s.address();
        a.update(s, now);
        return a;
    }

    public void update(AccountState s, long now) {
        balance = s.balance();
        nonce = s.nonce();
        updatedAt = now;
    }

    public AccountState state() {
        return new AccountState(address, balance, nonce);
    }

    public String address() {
        return address;
    }

    public long balance() {
        return balance;
    }

    public long nonce() {
        return nonce;
    }

    public long updatedAt() {
        return updatedAt;
    }
}
