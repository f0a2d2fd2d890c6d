package net.aitbc.chain.ledger;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.util.List;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.JsonCodec;

/** An escrow as of the head block (chain.md, "Escrow on chain"); its lock transaction's hash is its id. */
@Entity
@Table(name = "chain_escrow")
@NamedQuery(name = "Escrow.openOf", query = "SELECT e FROM Escrow e WHERE e.status = 'OPEN' AND (e.payer = :address OR e.arbiter = :address) ORDER BY e.lockHeight DESC, e.escrowId")
@NamedQuery(name = "Escrow.openSupply", query = "SELECT SUM(e.amount) FROM Escrow e WHERE e.status = 'OPEN'")
@NamedQuery(name = "Escrow.all", query = "SELECT e FROM Escrow e")
@NamedQuery(name = "Escrow.byIds", query = "SELECT e FROM Escrow e WHERE e.escrowId IN :ids")
public class Escrow {

    @Id
    @Column(name = "escrow_id")
    private String escrowId;
    private String payer;
    private String arbiter;
    private long amount;
    private String reference;
    @Column(name = "expires_at_height")
    private long expiresAtHeight;
    private String status;
    @Column(name = "lock_height")
    private long lockHeight;
    @Column(name = "close_tx")
    private String closeTx;
    @Column(name = "close_height")
    private Long closeHeight;
    private String payouts;
    @Column(name = "receipt_id")
    private String receiptId;

    protected Escrow() {
    }

    public static Escrow of(EscrowState s) {
        Escrow e = new Escrow();
        e.escrowId = s.escrowId();
        e.update(s);
        return e;
    }

    /** Takes over a state of the same escrow (closed, or reopened by a reorganisation). */
    public void update(EscrowState s) {
        payer = s.payer();
        arbiter = s.arbiter();
        amount = s.amount();
        reference = s.reference();
        expiresAtHeight = s.expiresAtHeight();
        status = s.status().name();
        lockHeight = s.lockHeight();
        closeTx = s.closeTx();
        closeHeight = s.closeTx() == null ? null : s.closeHeight();
        JsonArrayBuilder list = JsonCodec.createArrayBuilder();
        s.payouts().forEach(p -> list.add(p.toJson()));
        payouts = list.build().toString();
        receiptId = s.receiptId();
    }

    public EscrowState state() {
        List<EscrowPayload.Payout> list = JsonCodec.createReader(new StringReader(payouts)).readArray()
                .getValuesAs(JsonObject.class).stream()
                .map(p -> new EscrowPayload.Payout(p.getString("recipient"), p.getJsonNumber("amount").longValue()))
                .toList();
        return new EscrowState(escrowId, payer, arbiter, amount, reference, expiresAtHeight,
                EscrowState.Status.valueOf(status), escrowId, lockHeight, closeTx,
                closeHeight == null ? -1 : closeHeight, list, receiptId);
    }
}
