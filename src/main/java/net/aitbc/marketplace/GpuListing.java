package net.aitbc.marketplace;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** A GPU a miner listed on the marketplace; whether it can be booked follows its miner and its bookings. */
@Entity
@Table(name = "mkt_gpu")
public class GpuListing {

    @Id
    @Column(name = "gpu_id")
    String gpuId;
    @Column(name = "miner_id")
    String minerId;
    String name;
    @Column(name = "memory_gb")
    Double memoryGb;
    @Column(name = "cuda_cores")
    Integer cudaCores;
    @Column(name = "compute_capability")
    String computeCapability;
    @Column(name = "price_per_hour")
    BigDecimal pricePerHour;
    String description;
    String region;
    @Column(name = "registered_at")
    long registeredAt;

    protected GpuListing() {
    }

    GpuListing(String gpuId, String minerId) {
        this.gpuId = gpuId;
        this.minerId = minerId;
    }
}
