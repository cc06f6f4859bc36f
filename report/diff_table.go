package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
)

// DefaultDiffFiles is the default for DiffOptions.Files.
const DefaultDiffFiles = 20

// DiffOptions tunes the table and Markdown forms of a comparison.
type DiffOptions struct {
	TableOptions
	// Files is how many files are listed, biggest change first; the JSON
	// form lists them all. Default DefaultDiffFiles.
	Files int
}

func (o DiffOptions) withDefaults() DiffOptions {
	if o.Files <= 0 {
		o.Files = DefaultDiffFiles
	}
	if o.Width <= 0 {
		o.Width = 100
	}
	return o
}

// DiffTable writes the readable comparison of two images: the size change,
// the layers matched by diff ID, the directories and files that changed
// most, new and fixed findings, config changes and the growth gate.
func DiffTable(w io.Writer, rep *change.Report, opts DiffOptions) error {
	opts = opts.withDefaults()
	p := &printer{w: w, opts: opts.TableOptions}

	p.diffHeader(rep)
	p.diffLayers(rep)
	p.diffDirs(rep.Dirs)
	p.diffFiles(rep.Files, opts.Files)
	p.diffFindings("New findings", rep.NewFindings)
	p.diffFindings("Fixed findings", rep.FixedFindings)
	p.diffConfig(rep.Config)
	p.diffGate(rep.Gate)
	for _, n := range rep.Notes {
		p.printf("note: %s\n", n)
	}
	return p.err
}

func (p *printer) diffHeader(rep *change.Report) {
	o, n := rep.Old, rep.New
	p.printf("old  %s %s (%s)\n", o.Source, o.Reference, orNone(o.Platform, "unknown platform"))
	p.printf("new  %s %s (%s)\n\n", n.Source, n.Reference, orNone(n.Platform, "unknown platform"))

	t := p.newTable("size", "old", "new", "change")
	for _, row := range sizeRows(rep) {
		p.append(t, row.name, p.size(row.old), p.size(row.new), p.change(row.delta, row.old))
	}
	p.append(t, "layers", strconv.Itoa(o.LayerCount), strconv.Itoa(n.LayerCount),
		fmt.Sprintf("%+d", rep.LayerCountDelta))
	p.render(t)
}

// sizeRow is one of the sizes both images have.
type sizeRow struct {
	name            string
	old, new, delta int64
}

func sizeRows(rep *change.Report) []sizeRow {
	o, n := rep.Old, rep.New
	return []sizeRow{
		{"uncompressed", o.Size, n.Size, rep.SizeDelta},
		{"compressed", o.CompressedSize, n.CompressedSize, rep.CompressedDelta},
		{"final filesystem", o.FinalSize, n.FinalSize, rep.FinalSizeDelta},
		{"wasted", o.WastedBytes, n.WastedBytes, rep.WastedDelta},
	}
}

// change writes a size change with its sign, and its share of the old size
// where there was one.
func (p *printer) change(delta, old int64) string {
	s := p.size(magnitude(delta))
	switch {
	case delta > 0:
		s = "+" + s
	case delta < 0:
		s = "-" + s
	}
	if old > 0 && delta != 0 {
		s += fmt.Sprintf(" (%+.1f%%)", float64(delta)/float64(old)*100)
	}
	return s
}

func (p *printer) diffLayers(rep *change.Report) {
	p.printf("\nLayers: %s\n", baseVerdict(rep))
	t := p.newTable("change", "old", "new", "size", "created by")
	for _, l := range rep.Layers {
		p.append(t, l.Change, layerIndex(l.Old), layerIndex(l.New), p.size(l.Size),
			createdBy(l.CreatedBy))
	}
	p.render(t)
}

// baseVerdict says in words whether the base of the image changed.
func baseVerdict(rep *change.Report) string {
	counts := map[string]int{}
	for _, l := range rep.Layers {
		counts[l.Change]++
	}
	rest := fmt.Sprintf("%d shared, %d added, %d removed",
		counts[change.Shared], counts[change.Added], counts[change.Removed])

	switch {
	case rep.Old.LayerCount == 0 || rep.New.LayerCount == 0:
		return rest
	case rep.SharedBase == 0:
		return "the base changed (the bottom layers differ); " + rest
	case counts[change.Added]+counts[change.Removed] == 0 && rep.LayerCountDelta == 0:
		return "the same layers; " + rest
	}
	return fmt.Sprintf("the base is the same (the bottom %d shared); %s", rep.SharedBase, rest)
}

func layerIndex(i *int) string {
	if i == nil {
		return ""
	}
	return strconv.Itoa(*i)
}

func (p *printer) diffDirs(ds []change.Dir) {
	p.printf("\nDirectories (%d that changed most)\n", len(ds))
	if len(ds) == 0 {
		p.printf("  none\n")
	}
	for _, d := range ds {
		indent := strings.Repeat("  ", d.Depth+1)
		p.printf("%s%-12s %s  (%s → %s)\n", indent, p.change(d.Delta, 0), p.elide(d.Path, 56),
			p.size(d.Old), p.size(d.New))
	}
}

func (p *printer) diffFiles(fs []change.File, most int) {
	shown := fs[:min(most, len(fs))]
	p.printf("\nFiles (%d changed", len(fs))
	if len(shown) < len(fs) {
		p.printf("; the %d biggest changes", len(shown))
	}
	p.printf(")\n")
	if len(fs) == 0 {
		p.printf("  none\n")
		return
	}

	t := p.newTable("change", "delta", "old", "new", "path")
	for _, f := range shown {
		p.append(t, f.Change, p.change(f.Delta, 0), p.size(f.OldSize), p.size(f.NewSize),
			p.elide(f.Path, 56))
	}
	p.render(t)
}
