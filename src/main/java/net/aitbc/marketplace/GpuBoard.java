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

    @Inject
    MarketplaceService market;
    @Inject
    OfferBoard offers;

    /** A listing and its view. */
    record Entry(GpuListing gpu, JsonObject view) {
    }

    record Board(long readAt, List<Entry> entries, SerialisedJson json) {
    }

    private volatile Board board = new Board(0, List.of(), null);

    List<Entry> entries() {
        return current().entries();
    }

    SerialisedJson json() {
        return current().json();
    }

    void invalidate() {
        board = new Board(0, List.of(), null);
    }

    private Board current() {
        Board b = board;
        long now = System.currentTimeMillis();
        if (now - b.readAt() > FRESH_MILLIS) {
            synchronized (this) {
                b = board;
                if (now - b.readAt() > FRESH_MILLIS) {
                    b = board = read();
                }
            }
        }
        return b;
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
        return new Board(System.currentTimeMillis(), entries, SerialisedJson.of(answer));
    }
}
