package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * BTC payment requests (exchange.md): a BUY request asks {@code aitbc_amount} from the exchange's treasury for BTC
 * at {@code BTC_TO_AITBC_RATE} (AITBC per BTC, from configuration, never a market feed); a DEPOSIT request credits
 * {@code btc_amount} satoshi for trading. Confirmed by the {@link BtcPaymentWatcher}; a confirmation credits the
 * account in the same engine batch that marks the payment CONFIRMED, so it counts once. The treasury is the hot
 * wallet's AITBC beyond what accounts and pending withdrawals hold: a purchase it cannot cover is refused (409).
 */
@ApplicationScoped
public class BtcPayments {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "payment_id, wallet, purpose, aitbc_amount, btc_amount, payment_address,"
            + " status, created_at, expires_at, confirmed_at";

    @Inject
    ExchangeEngine engine;
    @Inject
    ExchangeStore store;
    @Inject
    BtcPaymentWatcher watcher;
    @Inject
    ChainFollower follower;
    @Inject
    @ConfigProperty(name = "BTC_TO_AITBC_RATE", defaultValue = "100000")
    BigDecimal rate;
    @Inject
    @ConfigProperty(name = "AITBC_EXCHANGE_PAYMENT_MINUTES", defaultValue = "60")
    long minutes;

    /** AITBC per BTC, as configured. */
    public BigDecimal rate() {
        return rate;
    }

    /** The satoshi that buy {@code aitbcUnits}: aitbc/10^8 AITBC ÷ rate BTC, × 10^8, rounded up. */
    public long satoshiFor(long aitbcUnits) {
        return new BigDecimal(aitbcUnits).divide(rate, 0, RoundingMode.CEILING).longValueExact();
    }

    public BtcPayment request(String wallet, Long aitbcAmount, Long btcAmount, String purpose) {
        boolean deposit = purpose != null && purpose.strip().equalsIgnoreCase("deposit");
        if (purpose != null && !deposit && !purpose.strip().equalsIgnoreCase("buy")) {
            throw ApiException.invalidField("purpose", "purpose is \"buy\" (the default) or \"deposit\"");
        }
        long aitbc;
        long btc;
        if (deposit) {
            if (btcAmount == null || btcAmount <= 0) {
                throw ApiException.invalidField("btc_amount", "a deposit names btc_amount, a positive integer of satoshi");
            }
            aitbc = 0;
            btc = btcAmount;
        } else {
            if (aitbcAmount == null || aitbcAmount <= 0) {
                throw ApiException.invalidField("aitbc_amount",
                        "aitbc_amount must be a positive integer of AITBC smallest units");
            }
            aitbc = aitbcAmount;
            btc = satoshiFor(aitbc);
            Solvency s = follower.solvency();
            if (s != null && s.surplus() < aitbc) {
                throw new ApiException(409, "treasury_short", "the exchange's treasury holds " + Math.max(0, s.surplus())
                        + " units beyond what it owes; it cannot sell " + aitbc);
            }
        }
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String id = "pay_" + HexFormat.of().formatHex(raw);
        long now = System.currentTimeMillis();
        store.update("INSERT INTO ex_payment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, NULL)", id,
                wallet, deposit ? "DEPOSIT" : "BUY", aitbc, btc, watcher.paymentAddress(id), now, now + minutes * 60_000);
        return find(id).orElseThrow();
    }

    public Optional<BtcPayment> find(String id) {
        return store.query("SELECT " + COLUMNS + " FROM ex_payment WHERE payment_id = ?", List.of(id), 1,
                r -> new BtcPayment(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5),
                        r.getString(6), r.getString(7), r.getLong(8), r.getLong(9),
                        (Long) r.getObject(10, Long.class))).stream().findFirst()
                .map(p -> "PENDING".equals(p.status()) && p.expiresAt() <= System.currentTimeMillis()
                        ? new BtcPayment(p.id(), p.wallet(), p.purpose(), p.aitbcAmount(), p.btcAmount(),
                        p.paymentAddress(), "EXPIRED", p.createdAt(), p.expiresAt(), null) : p);
    }

    /** The watcher saw the BTC arrive: credit the account once; 409 when the payment is not pending. */
    public BtcPayment confirm(String id) {
        BtcPayment p = find(id).orElseThrow(() -> ApiException.notFound("no payment " + id));
        if (!"PENDING".equals(p.status())) {
            throw new ApiException(409, "payment_not_pending", "payment " + id + " is " + p.status());
        }
        if ("BUY".equals(p.purpose())) {
            Solvency s = follower.solvency();
            if (s == null || s.surplus() < p.aitbcAmount()) {
                throw new ApiException(409, "treasury_short", "the exchange's treasury cannot cover "
                        + p.aitbcAmount() + " units now (surplus " + (s == null ? "unknown" : s.surplus())
                        + "); fund the hot wallet and confirm again");
            }
        }
        engine.execute((market, extras) -> {
            long now = System.currentTimeMillis();
            market.credit(p.wallet(), p.aitbcAmount(), "DEPOSIT".equals(p.purpose()) ? p.btcAmount() : 0, now);
            extras.add(c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE ex_payment SET status = 'CONFIRMED',"
                        + " confirmed_at = ? WHERE payment_id = ? AND status = 'PENDING'")) {
                    s.setLong(1, now);
                    s.setString(2, id);
                    if (s.executeUpdate() != 1) {
                        throw new java.sql.SQLException("payment " + id + " was confirmed meanwhile");
                    }
                }
            });
            return null;
        });
        return find(id).orElseThrow();
    }
}
