package io.firedrill.shipment.label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Code 39 (ISO/IEC 16388): each character is nine alternating elements, bar first, three of them wide; characters
 * are separated by a narrow space and the text is framed by the start/stop character {@code *}. Enough for the
 * tracking number on a label.
 */
final class Code39 {

    static final Map<Character, String> PATTERNS = Map.ofEntries(
            Map.entry('0', "nnnwwnwnn"), Map.entry('1', "wnnwnnnnw"), Map.entry('2', "nnwwnnnnw"),
            Map.entry('3', "wnwwnnnnn"), Map.entry('4', "nnnwwnnnw"), Map.entry('5', "wnnwwnnnn"),
            Map.entry('6', "nnwwwnnnn"), Map.entry('7', "nnnwnnwnw"), Map.entry('8', "wnnwnnwnn"),
            Map.entry('9', "nnwwnnwnn"), Map.entry('A', "wnnnnwnnw"), Map.entry('B', "nnwnnwnnw"),
            Map.entry('C', "wnwnnwnnn"), Map.entry('D', "nnnnwwnnw"), Map.entry('E', "wnnnwwnnn"),
            Map.entry('F', "nnwnwwnnn"), Map.entry('G', "nnnnnwwnw"), Map.entry('H', "wnnnnwwnn"),
            Map.entry('I', "nnwnnwwnn"), Map.entry('J', "nnnnwwwnn"), Map.entry('K', "wnnnnnnww"),
            Map.entry('L', "nnwnnnnww"), Map.entry('M', "wnwnnnnwn"), Map.entry('N', "nnnnwnnww"),
            Map.entry('O', "wnnnwnnwn"), Map.entry('P', "nnwnwnnwn"), Map.entry('Q', "nnnnnnwww"),
            Map.entry('R', "wnnnnnwwn"), Map.entry('S', "nnwnnnwwn"), Map.entry('T', "nnnnwnwwn"),
            Map.entry('U', "wwnnnnnnw"), Map.entry('V', "nwwnnnnnw"), Map.entry('W', "wwwnnnnnn"),
            Map.entry('X', "nwnnwnnnw"), Map.entry('Y', "wwnnwnnnn"), Map.entry('Z', "nwwnwnnnn"),
            Map.entry('-', "nwnnnnwnw"), Map.entry('.', "wwnnnnwnn"), Map.entry(' ', "nwwnnnwnn"),
            Map.entry('*', "nwnnwnwnn"));

    private Code39() {}

    /**
     * Element widths in modules (narrow = 1, wide = {@code wide}), alternating bar, space, bar, ... starting and
     * ending with a bar; {@code *text*} with a one-module gap between characters.
     */
    static List<Integer> modules(String text, int wide) {
        String framed = "*" + text + "*";
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < framed.length(); i++) {
            String pattern = PATTERNS.get(framed.charAt(i));
            if (pattern == null || (framed.charAt(i) == '*' && i != 0 && i != framed.length() - 1)) {
                throw new IllegalArgumentException("Code 39 cannot encode '" + framed.charAt(i) + "' in \"" + text + "\"");
            }
            if (i > 0) {
                widths.add(1); // inter-character gap (a space)
            }
            for (char element : pattern.toCharArray()) {
                widths.add(element == 'w' ? wide : 1);
            }
        }
        return widths;
    }
}
