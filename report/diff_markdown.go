package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// DiffMarkdown writes a comparison as GitHub-flavoured Markdown for a
// comment on a pull request: a headline with the size change and the
// gate's verdict, the sizes, then layers, directories, files, findings and
// config changes. Text from the images is escaped, so that a path or a
// label cannot add markup to the comment. Sizes are rounded.
func DiffMarkdown(w io.Writer, rep *change.Report, opts DiffOptions) error {
	opts = opts.withDefaults()
	p := &printer{w: w, opts: TableOptions{Human: true}}

	p.printf("### %s\n\n", diffHeadline(p, rep))
	if rep.Gate != nil {
		for _, e := range rep.Gate.Exceeded {
			p.printf("- %s\n", cell(e))
		}
	}
	p.printf("\n| | old | new | change |\n|---|---|---|---|\n")
	o, n := rep.Old, rep.New
	p.printf("| image | %s | %s | |\n", code(o.Reference), code(n.Reference))
	for _, row := range sizeRows(rep) {
		p.printf("| %s | %s | %s | %s |\n", row.name, p.size(row.old), p.size(row.new),
			p.change(row.delta, row.old))
	}
	p.printf("| layers | %d | %d | %+d |\n\n", o.LayerCount, n.LayerCount, rep.LayerCountDelta)

	p.printf("**Layers:** %s\n\n", cell(baseVerdict(rep)))
	mdDirs(p, rep.Dirs)
	mdFiles(p, rep.Files, opts.Files)
	mdFindings(p, "New findings", rep.NewFindings)
	mdFindings(p, "Fixed findings", rep.FixedFindings)
	mdConfig(p, rep.Config)
	for _, n := range rep.Notes {
		p.printf("> **Note:** %s\n>\n", cell(n))
	}
	return p.err
}

// diffHeadline sums the comparison up in one line.
func diffHeadline(p *printer, rep *change.Report) string {
	line := "imgaudit diff: " + p.change(rep.SizeDelta, rep.Old.Size) + " uncompressed"
	g := rep.Gate
	if g == nil {
		return line
	}

	limits := cell(strings.Join(g.Limits, ", "))
	if g.Failed() {
		return fmt.Sprintf("❌ %s, over the growth limit (%s)", line, limits)
	}
	return fmt.Sprintf("✅ %s, within the growth limit (%s)", line, limits)
}

func mdDirs(p *printer, ds []change.Dir) {
	if len(ds) == 0 {
		return
	}
	p.printf("**Directories that changed most**\n\n")
	for _, d := range ds {
		p.printf("%s- %s %s (%s → %s)\n", strings.Repeat("  ", d.Depth), p.change(d.Delta, 0),
			code(d.Path), p.size(d.Old), p.size(d.New))
	}
	p.printf("\n")
}

func mdFiles(p *printer, fs []change.File, most int) {
	if len(fs) == 0 {
		return
	}
	shown := fs[:min(most, len(fs))]
	p.printf("<details><summary>Files: %d changed", len(fs))
	if len(shown) < len(fs) {
		p.printf(", the %d biggest changes below", len(shown))
	}
	p.printf("</summary>\n\n| change | delta | old | new | path |\n|---|---|---|---|---|\n")
	for _, f := range shown {
		p.printf("| %s | %s | %s | %s | %s |\n", f.Change, p.change(f.Delta, 0),
			p.size(f.OldSize), p.size(f.NewSize), code(f.Path))
	}
	p.printf("\n</details>\n\n")
}

func mdFindings(p *printer, title string, fs []result.Finding) {
	if len(fs) == 0 {
		return
	}
	p.printf("**%s (%d)**\n\n| severity | check | path | message |\n|---|---|---|---|\n",
		title, len(fs))
	for _, f := range fs {
		path := ""
		if f.Path != "" {
			path = code(f.Path)
		}
		p.printf("| %s | %s | %s | %s |\n", f.Severity, code(f.Check), path, cell(f.Message))
	}
	p.printf("\n")
}

func mdConfig(p *printer, cs []change.Config) {
	if len(cs) == 0 {
		return
	}
	p.printf("**Config changes**\n\n| setting | change | value |\n|---|---|---|\n")
	for _, c := range cs {
		name := c.Field
		if c.Key != "" {
			name += " " + code(c.Key)
		}
		p.printf("| %s | %s | %s |\n", name, c.Change, cell(configValues(c)))
	}
	p.printf("\n")
}
