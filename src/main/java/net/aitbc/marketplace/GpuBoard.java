package net.aitbc.marketplace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.rest.SerialisedJson;

/**
 * The GPU registry as the list shows it: every listing with its view (status from its miner and bookings, ratings,
 * reliability), read at most once a second and at once after a change on this server; the unfiltered answer is
 * serialised once for every reader. Another server's change shows here within the second.
 */
@ApplicationScoped
public class GpuBoard {

    private static final long FRESH_MILLIS = 1000;

    @jakarta.annotation.Resource
    jakarta.enterprise.concurrent.ManagedExecutorService executor;
    @Inject
    MarketplaceService market;
    @Inject
    OfferBoard offers;

    /** A listing and its view. */
    record Entry(GpuListing gpu, JsonObject view) {
    }

    record Board(List<Entry> entries, SerialisedJson json) {
    }

    private final RefreshedValue<Board> board = new RefreshedValue<>(FRESH_MILLIS, this::read);

    List<Entry> entries() {
        return board.get(executor).entries();
    }

    SerialisedJson json() {
        return board.get(executor).json();
    }

    void invalidate() {
        board.invalidate();
    }

    /** A miner registered or changed here: its GPUs' status follows at the next read. */
    void onMinersChanged(@jakarta.enterprise.event.Observes(during = jakarta.enterprise.event.TransactionPhase.AFTER_SUCCESS)
            net.aitbc.coordinator.jobs.MinersChanged event) {
        invalidate();
    }

    private Board read() {
        Map<String, OfferBoard.Offer> owners = offers.offers().stream()
                .collect(Collectors.toMap(o -> o.miner().minerId(), Function.identity(), (x, y) -> x));
        Map<String, Booking> booked = market.activeBookings();
        Map<String, double[]> ratings = market.ratings();
        List<Entry> entries = market.gpus().stream().map(g -> new Entry(g, MarketViews.gpu(g, owners.get(g.minerId),
                booked.get(g.gpuId), ratings.get(g.gpuId), offers.signer()))).toList();
        JsonArrayBuilder all = JsonCodec.createArrayBuilder();
        entries.forEach(e -> all.add(e.view()));
        JsonObject answer = JsonCodec.createObjectBuilder().add("gpus", all).add("total", entries.size()).build();
        return new Board(entries, SerialisedJson.of(answer));
    }
}
