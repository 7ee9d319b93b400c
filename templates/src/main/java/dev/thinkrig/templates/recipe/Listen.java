package dev.thinkrig.templates.recipe;

import java.util.Locale;
import java.util.regex.Pattern;

/** Where published ports listen, and how that address is written in ports and URLs. */
public final class Listen {

    /** Published ports stay on this machine unless the user says otherwise: Ollama has no authentication. */
    public static final String LOOPBACK = "127.0.0.1";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** At least two colons: {@code ::}, {@code ::1}, {@code fe80::1}; a host:port has one. */
    private static final Pattern IPV6 = Pattern.compile("(?=(?:[^:]*:){2})[0-9A-Fa-f:.]+");

    private Listen() {}

    /** The address to listen on: an IP literal (a host name would need a lookup at compose time). */
    public static String address(String text) {
        String a = text.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        var v4 = IPV4.matcher(a);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    throw invalid(text, "not an IPv4 address: " + text);
                }
            }
            return a;
        }
        if (IPV6.matcher(a).matches()) {
            return a.toLowerCase(Locale.ROOT);
        }
        throw invalid(text, "takes an IP address of this machine (0.0.0.0 for every interface), was '" + text + "'");
    }

    private static RecipeException invalid(String text, String message) {
        return new RecipeException(RecipeException.Kind.INVALID_VALUE, "listen", text, message);
    }

    /** {@code 127.0.0.1:8000}, IPv6 addresses in brackets. */
    public static String hostPort(String hostIp, int port) {
        return (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":" + port;
    }

    /** The host to put in URLs: the loopback address when listening on every interface. */
    public static String urlHost(String hostIp) {
        if (hostIp.equals("0.0.0.0") || hostIp.isEmpty()) {
            return LOOPBACK;
        }
        if (hostIp.equals("::")) {
            return "[::1]";
        }
        return hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
    }
}
