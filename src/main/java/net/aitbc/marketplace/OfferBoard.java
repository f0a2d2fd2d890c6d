package net.aitbc.marketplace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.jobs.MinerDirectory;
import net.aitbc.coordinator.receipts.ReceiptKey;
import net.aitbc.platform.rest.SerialisedJson;

/**
 * Offers are the registered miners, never mock data, with their reliability inputs: the job outcomes are counted
 * from the receipts on chain that this coordinator signed ({@code /rpc/receipts/outcomes}), so anyone can recount
 * them; when the chain cannot be asked, the coordinator's own record of the receipts it sent stands in, marked as
 * such. The board is read at most once a second and shared by every reader (the offers page is the marketplace's
 * busiest read; a second-old view of heartbeats is as true as the heartbeats themselves).
 */
@ApplicationScoped
public class OfferBoard {

    private static final long FRESH_MILLIS = 1000;

    @jakarta.annotation.Resource
    jakarta.enterprise.concurrent.ManagedExecutorService executor;

    private static final Logger LOG = Logger.getLogger(OfferBoard.class.getName());

    @Inject
    MinerDirectory miners;
    @Inject
    ChainGateway chain;
    @Inject
    ReceiptKey receiptKey;

    /** A miner as an offer: what it is, and how reliable it has been. */
    public record Offer(MinerDirectory.Listing miner, MinerDirectory.Outcomes outcomes, Reliability reliability,
                        String source) {
    }

    /** The offers and their JSON, serialised once for every reader. */
    record Board(List<Offer> offers, SerialisedJson json) {
    }

    private final RefreshedValue<Board> board = new RefreshedValue<>(FRESH_MILLIS, () -> read(System.currentTimeMillis()));

    /** Every active miner's offer (online or not), in registration order. */
    public List<Offer> offers() {
        return board.get(executor).offers();
    }

    /** {@link #offers} as the API's bare JSON array, serialised (plain and gzipped) once per board. */
    public SerialisedJson offersJson() {
        return board.get(executor).json();
    }

    /** Forget the board (a registration or a change here): the next reader builds it anew. */
    public void invalidate() {
        board.invalidate();
    }

    /** A miner registered or changed here: its offer shows at the next read, not a board later. */
    void onMinersChanged(@jakarta.enterprise.event.Observes(during = jakarta.enterprise.event.TransactionPhase.AFTER_SUCCESS)
            net.aitbc.coordinator.jobs.MinersChanged event) {
        invalidate();
    }

    /** The address whose receipts the counts come from (the coordinator's receipt key). */
    public String signer() {
        return receiptKey.address();
    }

    private Board read(long now) {
        Map<String, MinerDirectory.Outcomes> onChain = chainOutcomes();
        String source = onChain != null ? "chain" : "coordinator";
        Map<String, MinerDirectory.Outcomes> outcomes = onChain != null ? onChain : miners.outcomes();
        List<Offer> offers = miners.listings().stream().map(l -> {
            MinerDirectory.Outcomes o = outcomes.getOrDefault(l.minerId(), MinerDirectory.Outcomes.NONE);
            return new Offer(l, o, new Reliability(o.completed(), o.failed(), o.expired(), l.onlineMs(),
                    now - l.registeredAt()), source);
        }).toList();
        JsonArrayBuilder all = JsonCodec.createArrayBuilder();
        offers.forEach(o -> all.add(MarketViews.offer(o, signer())));
        return new Board(offers, SerialisedJson.of(all.build()));
    }

    /** Every provider's receipt outcomes on chain for this coordinator's key; null when the chain cannot say. */
    private Map<String, MinerDirectory.Outcomes> chainOutcomes() {
        try {
            JsonObject answer = chain.client().get("/rpc/receipts/outcomes?signer=" + signer());
            Map<String, MinerDirectory.Outcomes> out = new HashMap<>();
            for (JsonObject p : answer.getJsonArray("providers").getValuesAs(JsonObject.class)) {
                out.put(p.getString("provider"), new MinerDirectory.Outcomes(p.getJsonNumber("completed").longValue(),
                        p.getJsonNumber("failed").longValue(), p.getJsonNumber("expired").longValue()));
            }
            return out;
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "receipt outcomes not read from the chain; the coordinator's record stands in", e);
            return null;
        }
    }
}
