package net.aitbc.coordinator.matching;

/** A CUDA version such as "12.1" or "11", compared numerically (12.10 is newer than 12.9). */
record CudaVersion(int major, int minor) implements Comparable<CudaVersion> {

    static CudaVersion parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().toLowerCase(java.util.Locale.ROOT).replace("cuda", "").strip();
        String[] parts = t.split("\\.");
        try {
            return new CudaVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int compareTo(CudaVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }
}
