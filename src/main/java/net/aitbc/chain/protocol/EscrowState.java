package net.aitbc.chain.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/**
 * An escrow on chain: opened by an {@code ESCROW_LOCK} (its id is the lock's tx_hash), closed once, by the
 * arbiter's {@code ESCROW_SETTLE} or the payer's {@code ESCROW_RECLAIM}. {@code closeTx}/{@code closeHeight} are
 * the closing transaction (the wire calls them {@code settle_tx}/{@code settle_height} for either kind).
 */
public record EscrowState(String escrowId, String payer, String arbiter, long amount, String reference,
                          long expiresAtHeight, Status status, String lockTx, long lockHeight, String closeTx,
                          long closeHeight, List<EscrowPayload.Payout> payouts, String receiptId) {

    public enum Status { OPEN, SETTLED, RECLAIMED }

    public static EscrowState opened(SignedTx lock, EscrowPayload.Lock p, long height) {
        return new EscrowState(lock.hash(), lock.sender(), p.arbiter(), p.amount(), p.reference(),
                p.expiresAtHeight(), Status.OPEN, lock.hash(), height, null, -1, List.of(), null);
    }

    public EscrowState settled(SignedTx settle, EscrowPayload.Settle p, long height) {
        return new EscrowState(escrowId, payer, arbiter, amount, reference, expiresAtHeight, Status.SETTLED, lockTx,
                lockHeight, settle.hash(), height, p.payouts(), p.receiptId());
    }

    public EscrowState reclaimed(SignedTx reclaim, long height) {
        return new EscrowState(escrowId, payer, arbiter, amount, reference, expiresAtHeight, Status.RECLAIMED,
                lockTx, lockHeight, reclaim.hash(), height, List.of(), null);
    }

    /** Open again, as before its closing transaction (a reorganisation undid that). */
    public EscrowState reopened() {
        return new EscrowState(escrowId, payer, arbiter, amount, reference, expiresAtHeight, Status.OPEN, lockTx,
                lockHeight, null, -1, List.of(), null);
    }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    /** What state_root commits to (docs/chain-format.md): id, status and amount. */
    public JsonObject commitment() {
        return JsonCodec.createObjectBuilder().add("escrow_id", escrowId).add("status", status.name())
                .add("amount", amount).build();
    }

    /** The view of {@code GET /rpc/escrow/{id}}. */
    public JsonObject toJson() {
        JsonArrayBuilder list = JsonCodec.createArrayBuilder();
        payouts.forEach(p -> list.add(p.toJson()));
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("escrow_id", escrowId).add("payer", payer)
                .add("arbiter", arbiter).add("amount", amount).add("expires_at_height", expiresAtHeight)
                .add("status", status.name()).add("lock_tx", lockTx).add("lock_height", lockHeight)
                .add("payouts", list);
        nullable(b, "reference", reference);
        nullable(b, "settle_tx", closeTx);
        nullable(b, "receipt_id", receiptId);
        nullable(b, "closed_by", status == Status.SETTLED ? TxType.ESCROW_SETTLE.name()
                : status == Status.RECLAIMED ? TxType.ESCROW_RECLAIM.name() : null);
        if (closeTx == null) {
            b.addNull("settle_height");
        } else {
            b.add("settle_height", closeHeight);
        }
        return b.build();
    }

    /** Reads the view {@link #toJson()} writes (clients of the RPC). */
    public static EscrowState fromJson(JsonObject o) {
        List<EscrowPayload.Payout> payouts = o.getJsonArray("payouts").getValuesAs(JsonObject.class).stream()
                .map(p -> new EscrowPayload.Payout(p.getString("recipient"), p.getJsonNumber("amount").longValue()))
                .toList();
        return new EscrowState(o.getString("escrow_id"), o.getString("payer"), o.getString("arbiter"),
                o.getJsonNumber("amount").longValue(), o.getString("reference", null),
                o.getJsonNumber("expires_at_height").longValue(), Status.valueOf(o.getString("status")),
                o.getString("lock_tx"), o.getJsonNumber("lock_height").longValue(), o.getString("settle_tx", null),
                o.isNull("settle_height") ? -1 : o.getJsonNumber("settle_height").longValue(), payouts,
                o.getString("receipt_id", null));
    }

    private static void nullable(JsonObjectBuilder b, String field, String value) {
        if (value == null) {
            b.addNull(field);
        } else {
            b.add(field, value);
        }
    }
}
