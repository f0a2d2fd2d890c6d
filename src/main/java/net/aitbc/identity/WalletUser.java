package net.aitbc.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The account a wallet gets on its first login. */
@Entity
@Table(name = "identity_user")
public class WalletUser {

    @Id
    @Column(name = "user_id")
    String userId;
    String wallet;
    @Column(name = "created_at")
    long createdAt;
    @Column(name = "last_login")
    long lastLogin;

    protected WalletUser() {
    }

    WalletUser(String userId, String wallet, long now) {
        this.userId = userId;
        this.wallet = wallet;
        this.createdAt = now;
        this.lastLogin = now;
    }

    public String userId() {
        return userId;
    }

    public String wallet() {
        return wallet;
    }

    public long createdAt() {
        return createdAt;
    }

    public long lastLogin() {
        return lastLogin;
    }
}
