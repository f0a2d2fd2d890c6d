package net.aitbc.platform.health;

/** The build's version, from the WAR manifest (Implementation-Version). */
public final class Version {
    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
