package net.aitbc.coordinator.receipts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Issued receipts by id and by job. */
@ApplicationScoped
public class ReceiptStore {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String receiptId, String jobId, long issuedAt, JsonObject receipt) {
        em.persist(new IssuedReceipt(receiptId, jobId, issuedAt, receipt));
    }

    @Transactional
    public Optional<JsonObject> byId(String receiptId) {
        return Optional.ofNullable(receiptId == null ? null : em.find(IssuedReceipt.class, receiptId))
                .map(IssuedReceipt::json);
    }

    @Transactional
    public List<JsonObject> ofJob(String jobId) {
        return em.createNamedQuery("IssuedReceipt.ofJob", IssuedReceipt.class).setParameter("jobId", jobId)
                .getResultList().stream().map(IssuedReceipt::json).toList();
    }
}
