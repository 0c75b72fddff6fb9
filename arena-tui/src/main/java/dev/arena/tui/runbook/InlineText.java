package dev.arena.tui.runbook;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

/**
 * The plain text of a block's inline content: emphasis markers and backticks dropped (a line has
 * one style, so inline code keeps its characters but not a colour), a link as {@code text <url>}
 * (once when they are the same), an image as its alt text, line breaks as spaces.
 */
final class InlineText extends AbstractVisitor {

    private final StringBuilder text = new StringBuilder();

    private InlineText() {}

    static String of(Node parent) {
        InlineText v = new InlineText();
        v.visitChildren(parent);
        return v.text.toString();
    }

    @Override
    public void visit(Text node) {
        text.append(node.getLiteral());
    }

    @Override
    public void visit(Code node) {
        text.append(node.getLiteral());
    }

    @Override
    public void visit(HtmlInline node) {
        text.append(node.getLiteral());
    }

    @Override
    public void visit(SoftLineBreak node) {
        text.append(' ');
    }

    @Override
    public void visit(HardLineBreak node) {
        text.append(' ');
    }

    @Override
    public void visit(Link node) {
        String label = of(node);
        String url = node.getDestination();
        text.append(label);
        if (url != null && !url.isEmpty() && !url.equals(label)) {
            text.append(" <").append(url).append('>');
        }
    }

    @Override
    public void visit(Image node) {
        text.append(of(node));
    }
}
