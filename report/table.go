package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dustin/go-humanize"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// TableOptions chooses between the terminal and the pipe form of the table
// report.
type TableOptions struct {
	// Human draws boxed tables with rounded sizes, for a person at a
	// terminal; otherwise tables are plain and sizes exact, for a pipe.
	Human bool
	// Color marks severities with ANSI colours.
	Color bool
	// Width is the terminal width that long text wraps at in the human
	// form; 0 means 100.
	Width int
}

// Table writes the readable report: the image's facts, its findings and a
// table of its layers.
func Table(w io.Writer, res *result.Result, opts TableOptions) error {
	if opts.Width <= 0 {
		opts.Width = 100
	}
	p := &printer{w: w, opts: opts}
	p.facts(res)
	p.findings(res.Findings, res.Gate != nil)
	p.layers(res.Layers)
	for _, n := range res.Notes {
		p.printf("note: %s\n", n)
	}
	p.gate(res.Gate)
	return p.err
}

// printer keeps the first write error so that the sections read as steps.
type printer struct {
	w    io.Writer
	opts TableOptions
	err  error
	// table holds a table as tablewriter renders it, for render to trim.
	table bytes.Buffer
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) size(n int64) string {
	if p.opts.Human {
		return humanize.IBytes(uint64(n))
	}
	return strconv.FormatInt(n, 10)
}

func (p *printer) facts(res *result.Result) {
	img := res.Image
	p.printf("%s %s\n", img.Source, img.Reference)
	if img.Digest != "" {
		p.printf("  digest       %s\n", img.Digest)
	}
	p.printf("  image id     %s\n", img.ImageID)
	p.printf("  platform     %s\n", join(orNone(img.Platform, "unknown"), img.Distro, img.Libc))
	p.printf("  size         %s uncompressed, %s compressed, %s\n",
		p.size(img.Size), p.size(img.CompressedSize), plural(img.LayerCount, "layer"))
	p.printf("  efficiency   %.1f%% (%s wasted by later layers)\n",
		res.Efficiency*100, p.size(res.WastedBytes))
	p.printf("  user         %s\n", orNone(img.User, "root (not set)"))
	p.printf("  entrypoint   %s\n", orNone(quoteArgs(img.Entrypoint), "none"))
	p.printf("  cmd          %s\n", orNone(quoteArgs(img.Cmd), "none"))
	p.printf("  healthcheck  %s\n", orNone(quoteArgs(img.Healthcheck), "none"))
	if len(img.ExposedPorts) > 0 {
		p.printf("  ports        %s\n", strings.Join(img.ExposedPorts, ", "))
	}
	if len(img.Volumes) > 0 {
		p.printf("  volumes      %s\n", strings.Join(img.Volumes, ", "))
	}
}

func (p *printer) layers(ls []result.Layer) {
	p.printf("\nLayers (%d)\n", len(ls))
	t := p.newTable("#", "size", "created by", "biggest paths")
	cbWidth, pathWidth := p.layerWidths()
	for _, l := range ls {
		top := make([]string, 0, len(l.Top))
		for _, ps := range l.Top {
			top = append(top, fmt.Sprintf("%s %s", p.size(ps.Size), p.elide(ps.Path, pathWidth)))
		}
		if l.Missing != "" {
			top = []string{"not read: " + l.Missing}
		}
		sep := ", "
		if p.opts.Human {
			sep = "\n"
		}
		cb := createdBy(l.CreatedBy)
		if p.opts.Human {
			cb = shorten(cb, cbWidth)
		}
		p.append(t, strconv.Itoa(l.Index), p.size(l.Size), cb, strings.Join(top, sep))
	}
	p.render(t)
}

// table starts a table: boxed for a terminal, bare columns for a pipe.
func (p *printer) newTable(header ...any) *tablewriter.Table {
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.On),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
	}
	if p.opts.Human {
		opts = append(opts, tablewriter.WithRowAutoWrap(tw.WrapNone))
	} else {
		// One row a line, never wrapped, so that grep and cut can read it.
		opts = append(opts, tablewriter.WithRowAutoWrap(tw.WrapNone))
		opts = append(opts, tablewriter.WithRendition(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off, ShowHeader: tw.Off},
				Lines:      tw.Lines{ShowHeaderLine: tw.Off},
			},
		}))
	}
	t := tablewriter.NewTable(&p.table, opts...)
	t.Header(header...)
	return t
}

func (p *printer) append(t *tablewriter.Table, cells ...any) {
	if p.err == nil {
		p.err = t.Append(cells...)
	}
}

// render writes a table out without the spaces that pad its last column.
func (p *printer) render(t *tablewriter.Table) {
	if p.err == nil {
		p.err = t.Render()
	}
	for line := range strings.Lines(p.table.String()) {
		p.printf("%s\n", strings.TrimRight(line, " \n"))
	}
	p.table.Reset()
}

// layerWidths shares the terminal's width between the layer table's
// created-by and path texts, after its borders and narrow columns.
func (p *printer) layerWidths() (createdBy, path int) {
	const fixed = 26 // borders, the index and the size column
	avail := p.opts.Width - fixed
	createdBy = max(16, avail*2/5)
	const sizeText = 10 // "123.4 KiB " before each path
	return createdBy, max(24, avail-createdBy-sizeText)
}

// elide shortens a long path for a person by eliding its middle, so both
// ends stay readable; in a pipe paths stay whole.
func (p *printer) elide(s string, most int) string {
	r := []rune(s)
	if !p.opts.Human || len(r) <= most {
		return s
	}
	return string(r[:most/2-1]) + "…" + string(r[len(r)-most/2:])
}

// createdBy shortens a history command for a report's layer list.
func createdBy(s string) string {
	return result.Instruction(s, 48)
}

func quoteArgs(args []string) string {
	if len(args) == 0 {
		return ""
	}
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = strconv.Quote(a)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// plural counts things in words: "1 layer", "3 layers".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// join joins the non-empty parts with ", ".
func join(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}
