package io.ledgerlens.db;

/** JDBC URLs as they may be logged: without a password or user info, which PostgreSQL URLs can carry. */
public final class JdbcUrls {
    private JdbcUrls() {
    }

    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        // user:password@host in the authority part
        String safe = url.replaceAll("//[^/@?]*@", "//***@");
        // password=... among the query parameters (pgjdbc), up to the next & or the end
        safe = safe.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
        return safe;
    }
}
