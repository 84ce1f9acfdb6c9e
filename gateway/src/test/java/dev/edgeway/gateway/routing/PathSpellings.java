package dev.edgeway.gateway.routing;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Other spellings of a path, the ways an attacker writes {@code /system/functions} so that a check
 * on the raw text and the router disagree: percent-encoded letters (either hex case, whole
 * segments, double-encoded), {@code ;} parameters, dot segments plain and encoded, encoded and
 * doubled slashes, backslashes, case changes, and the absolute form of the request target.
 */
final class PathSpellings {

    private PathSpellings() {}

    /** Every spelling of {@code path} (which starts with {@code /}), the path itself excluded. */
    static Set<String> of(String path, String authority) {
        List<String> segments = List.of(path.substring(1).split("/", -1));
        Set<String> spellings = new LinkedHashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.isEmpty()) {
                continue;
            }
            String rest = segment.substring(1);
            for (String replacement : List.of(
                    encode(segment.substring(0, 1), false) + rest,
                    encode(segment.substring(0, 1), true) + rest,
                    encode(segment, false),
                    encode(segment, true),
                    "%25" + encode(segment.substring(0, 1), false).substring(1) + rest,
                    segment + ";x",
                    segment + ";",
                    segment + ";a=b",
                    ";" + segment,
                    segment.substring(0, 1).toUpperCase(Locale.ROOT) + rest,
                    segment.toUpperCase(Locale.ROOT))) {
                spellings.add(join(replace(segments, i, replacement)));
            }
        }
        String first = "/" + segments.getFirst();
        String after = path.substring(first.length());
        spellings.add(first + "/." + after);
        spellings.add(first + "/./" + after.substring(1));
        spellings.add(first + "/x/.." + after);
        spellings.add(first + "/%2e" + after);
        spellings.add(first + "/x/%2e%2e" + after);
        spellings.add(first + "/x/.%2E" + after);
        spellings.add("/x/.." + path);
        spellings.add("/x/%2E%2E" + path);
        spellings.add("/function/x/.." + path);
        if (!after.isEmpty()) {
            spellings.add(first + "%2F" + after.substring(1));
            spellings.add(first + "%2f" + after.substring(1));
            spellings.add(first + "%252F" + after.substring(1));
            spellings.add(first + "%5C" + after.substring(1));
            spellings.add(first + "/" + after);
            spellings.add(first + ";x/" + after.substring(1));
        }
        spellings.add("/" + path);
        spellings.add(path + "/");
        spellings.add(path + "/.");
        spellings.add(path + ";");
        spellings.add(path + "%00");
        List<String> relative = new ArrayList<>(spellings);
        spellings.add("http://" + authority + path);
        for (String spelling : relative.subList(0, Math.min(relative.size(), 12))) {
            spellings.add("http://" + authority + spelling);
        }
        spellings.remove(path);
        return spellings;
    }

    private static String encode(String text, boolean lowerCase) {
        StringBuilder out = new StringBuilder();
        HexFormat hex = lowerCase ? HexFormat.of() : HexFormat.of().withUpperCase();
        for (char c : text.toCharArray()) {
            out.append('%').append(hex.toHexDigits((byte) c));
        }
        return out.toString();
    }

    private static List<String> replace(List<String> segments, int index, String replacement) {
        List<String> copy = new ArrayList<>(segments);
        copy.set(index, replacement);
        return copy;
    }

    private static String join(List<String> segments) {
        return "/" + String.join("/", segments);
    }
}
