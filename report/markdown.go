package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/dustin/go-humanize"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// Markdown writes the result as GitHub-flavoured Markdown for a comment on
// a pull request: a headline with the gate's verdict, the findings that
// count in a table, the waived ones, the image's facts and its layers
// folded away. Text from the image is escaped, so that a path or a message
// cannot add markup, links or HTML to the comment.
func Markdown(w io.Writer, res *result.Result) error {
	p := &printer{w: w}
	p.printf("### %s\n\n", markdownHeadline(res))
	p.printf("%s\n\n", markdownCounts(res))

	var open, waived []result.Finding
	for _, f := range res.Findings {
		if f.Waiver != nil {
			waived = append(waived, f)
		} else {
			open = append(open, f)
		}
	}
	if len(open) > 0 {
		markdownFindings(p, open)
	}
	if len(waived) > 0 {
		p.printf("<details><summary>Waived findings (%d)</summary>\n\n", len(waived))
		p.printf("| severity | check | where | waived because | until |\n|---|---|---|---|---|\n")
		for _, f := range waived {
			p.printf("| %s | %s | %s | %s | %s |\n", f.Severity, code(f.Check), where(f),
				cell(f.Waiver.Reason), cell(orNone(f.Waiver.Expires, "-")))
		}
		p.printf("\n</details>\n\n")
	}

	markdownFacts(p, res)
	markdownLayers(p, res.Layers)
	for _, n := range res.Notes {
		p.printf("> **Note:** %s\n>\n", cell(n))
	}
	return p.err
}

func markdownHeadline(res *result.Result) string {
	name := code(res.Image.Reference)
	g := res.Gate
	switch {
	case g == nil || g.FailOn == "none":
		return "imgaudit: " + name
	case g.Passed:
		return fmt.Sprintf("✅ imgaudit gate passed: %s", name)
	}
	return fmt.Sprintf("❌ imgaudit gate failed: %s", name)
}

// markdownCounts is the line under the headline: findings by severity and
// what the gate made of them.
func markdownCounts(res *result.Result) string {
	counts := map[result.Severity]int{}
	for _, f := range res.Findings {
		counts[f.Severity]++
	}
	var parts []string
	for _, s := range []result.Severity{result.High, result.Medium, result.Low, result.Info} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	line := fmt.Sprintf("**%d findings**", len(res.Findings))
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	if g := res.Gate; g != nil && g.FailOn != "none" {
		line += fmt.Sprintf(" · %d block the gate at `%s`", g.Blocking, g.FailOn)
		if g.Waived > 0 {
			line += fmt.Sprintf(" · %d waived", g.Waived)
		}
		if g.Baseline != "" {
			line += " · compared with baseline " + code(g.Baseline)
		}
	}
	return line
}

func markdownFindings(p *printer, fs []result.Finding) {
	p.printf("| | severity | check | where | finding |\n|---|---|---|---|---|\n")
	for _, f := range fs {
		mark := ""
		if f.Blocking {
			mark = "🚫"
		}
		sev := f.Severity.String()
		if f.Baseline == result.BaselineNew || f.Baseline == result.BaselineWorse {
			sev += " (" + f.Baseline + ")"
		}
		p.printf("| %s | %s | %s | %s | %s |\n", mark, sev, code(f.Check), where(f), cell(f.Message))
	}
	p.printf("\n")
}

func markdownFacts(p *printer, res *result.Result) {
	img := res.Image
	p.printf("<details><summary>Image</summary>\n\n| | |\n|---|---|\n")
	p.printf("| reference | %s |\n", code(img.Source+":"+img.Reference))
	if img.Digest != "" {
		p.printf("| digest | %s |\n", code(img.Digest))
	}
	p.printf("| platform | %s |\n", cell(join(img.Platform, img.Distro, img.Libc)))
	p.printf("| size | %s uncompressed, %s compressed, %d layers |\n",
		humanize.IBytes(uint64(img.Size)), humanize.IBytes(uint64(img.CompressedSize)), img.LayerCount)
	p.printf("| efficiency | %.1f%% (%s wasted by later layers) |\n",
		res.Efficiency*100, humanize.IBytes(uint64(res.WastedBytes)))
	p.printf("| user | %s |\n", cell(orNone(img.User, "root (not set)")))
	p.printf("| entrypoint | %s |\n", code(orNone(quoteArgs(img.Entrypoint), "none")))
	p.printf("| cmd | %s |\n", code(orNone(quoteArgs(img.Cmd), "none")))
	p.printf("| healthcheck | %s |\n", code(orNone(quoteArgs(img.Healthcheck), "none")))
	p.printf("\n</details>\n\n")
}

func markdownLayers(p *printer, ls []result.Layer) {
	p.printf("<details><summary>Layers (%d)</summary>\n\n", len(ls))
	p.printf("| # | size | created by | biggest paths |\n|---|---|---|---|\n")
	for _, l := range ls {
		top := make([]string, 0, len(l.Top))
		for _, ps := range l.Top {
			top = append(top, humanize.IBytes(uint64(ps.Size))+" "+code(ps.Path))
		}
		if l.Missing != "" {
			top = []string{"not read: " + cell(l.Missing)}
		}
		p.printf("| %d | %s | %s | %s |\n", l.Index, humanize.IBytes(uint64(l.Size)),
			code(createdBy(l.CreatedBy)), strings.Join(top, "<br>"))
	}
	p.printf("\n</details>\n\n")
}

// where is the path and layer of a finding, or "config".
func where(f result.Finding) string {
	if f.Path == "" {
		return "config"
	}
	s := code(f.Path)
	if f.Layer != nil {
		s += fmt.Sprintf(" (layer %d)", *f.Layer)
	}
	return s
}

// markdownEscaper escapes what would otherwise be markup in a table cell.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;",
	"*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "#", `\#`, "~", `\~`,
	"\r", " ", "\n", " ",
)

// cell escapes text for a table cell.
func cell(s string) string {
	return markdownEscaper.Replace(s)
}

// code writes s as inline code in a table cell. Inside a code span only a
// backtick and the cell's pipe are special: the span's fence is longer than
// any run of backticks in s, and a pipe is escaped as \|, which a GitHub
// table reads as a pipe inside the cell, code span or not.
func code(s string) string {
	s = strings.NewReplacer("\r", " ", "\n", " ", "|", `\|`).Replace(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}
