package net.aitbc.exchange;

/**
 * One account's money on the exchange: AITBC in smallest units and BTC credit in satoshi, each split into what is
 * free and what open orders hold. Mutable, owned by the {@link Market} (one thread).
 */
public final class Funds {

    final String wallet;
    long aitbcAvailable;
    long aitbcReserved;
    long btcAvailable;
    long btcReserved;
    final long createdAt;
    /** whether the row exists in the database (insert or update) */
    boolean stored;

    Funds(String wallet, long aitbcAvailable, long aitbcReserved, long btcAvailable, long btcReserved, long createdAt,
          boolean stored) {
        this.wallet = wallet;
        this.aitbcAvailable = aitbcAvailable;
        this.aitbcReserved = aitbcReserved;
        this.btcAvailable = btcAvailable;
        this.btcReserved = btcReserved;
        this.createdAt = createdAt;
        this.stored = stored;
    }

    public String wallet() {
        return wallet;
    }

    public long aitbcAvailable() {
        return aitbcAvailable;
    }

    public long aitbcReserved() {
        return aitbcReserved;
    }

    public long btcAvailable() {
        return btcAvailable;
    }

    public long btcReserved() {
        return btcReserved;
    }

    public long createdAt() {
        return createdAt;
    }
}
