package net.aitbc.chain.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.consensus.CheckedSignatures;
import net.aitbc.chain.ledger.ChainHead;
import net.aitbc.chain.ledger.LedgerWriteLock;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.platform.logging.AuditLog;

/**
 * Imports blocks from peers (sync) or from anyone (/rpc/importBlock): form first, then, holding the ledger's
 * write lock, full validation and an all-or-nothing write ({@link BranchWriter}). Transactions of blocks a
 * reorganisation replaced go back to the mempool when they are still valid.
 */
@ApplicationScoped
public class BlockImporter {

    private static final Logger LOG = Logger.getLogger(BlockImporter.class.getName());

    @Inject
    BranchWriter writer;
    @Inject
    LedgerWriteLock writeLock;
    @Inject
    Mempool mempool;
    @Inject
    ChainHead head;
    @Inject
    AuditLog audit;
    @Inject
    ChainConfig config;

    public ImportResult importBlock(JsonObject block) {
        return importBranch(List.of(block));
    }

    /** Blocks in height order, each the parent of the next. */
    public ImportResult importBranch(List<JsonObject> blocks) {
        return importPrepared(prepare(blocks));
    }

    /**
     * A batch read and its signatures checked, ready for the write lock ({@code refusal} null), or the refusal of
     * its form. Needs no lock and no database, so sync prepares the next batch while the current one is written.
     */
    record PreparedBranch(List<IncomingBlock> blocks, CheckedSignatures signatures, ImportResult refusal) {
    }

    PreparedBranch prepare(List<JsonObject> blocks) {
        if (blocks.isEmpty()) {
            return refusedForm(ImportResult.refused(ImportResult.Refusal.MALFORMED, -1, null, "no blocks"));
        }
        List<IncomingBlock> branch = new ArrayList<>();
        for (JsonObject json : blocks) {
            try {
                branch.add(IncomingBlock.parse(json));
            } catch (IllegalArgumentException e) {
                return refusedForm(ImportResult.refused(ImportResult.Refusal.MALFORMED, heightOf(json), hashOf(json),
                        "malformed block: " + e.getMessage()));
            }
        }
        for (int i = 1; i < branch.size(); i++) {
            if (!branch.get(i).header().parentHash().equals(branch.get(i - 1).header().hash())) {
                return refusedForm(ImportResult.refused(ImportResult.Refusal.NOT_LINKED,
                        branch.get(i).header().height(), branch.get(i).header().hash(),
                        "blocks of a batch must link to each other"));
            }
        }
        return new PreparedBranch(branch, SignatureCheck.of(branch, config.genesis()), null);
    }

    private static PreparedBranch refusedForm(ImportResult refusal) {
        return new PreparedBranch(List.of(), CheckedSignatures.NONE, refusal);
    }

    ImportResult importPrepared(PreparedBranch prepared) {
        if (prepared.refusal() != null) {
            return prepared.refusal();
        }
        ImportResult result = writeLock.run(() -> {
            ImportResult r = writer.write(prepared.blocks(), prepared.signatures());
            if (r.reorged()) {
                head.reset();
            }
            return r;
        });
        if (result.accepted() && !"known".equals(result.reason())) {
            audit.record(result.reorged() ? "chain_reorganised" : "blocks_imported", Map.of("height",
                    result.height(), "hash", result.hash(), "reorg_depth", result.reorgDepth()));
        } else if (!result.accepted()) {
            audit.record("import_rejected", Map.of("height", result.height(), "reason", result.reason()));
            LOG.warning("Refused block " + result.height() + " " + result.hash() + ": " + result.reason());
        }
        for (SignedTx tx : result.replaced()) {
            try {
                mempool.submit(tx);
            } catch (TxRejectedException e) {
                LOG.info("Replaced transaction " + tx.hash() + " not re-admitted: " + e.getMessage());
            }
        }
        return result;
    }

    /** The height a malformed block claims, if it is a number at all (for the refusal's report). */
    private static long heightOf(JsonObject json) {
        return json.get("height") instanceof jakarta.json.JsonNumber n ? n.longValue() : -1;
    }

    private static String hashOf(JsonObject json) {
        return json.get("hash") instanceof jakarta.json.JsonString s ? s.getString() : null;
    }
}
