package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/result"
)

var severityColors = map[result.Severity]string{
	result.High: "\x1b[31m", result.Medium: "\x1b[33m", result.Low: "\x1b[36m", result.Info: "\x1b[2m",
}

// findings lists the findings; gated adds each one's standing with the
// gate: blocking, waived, or how it compares with the baseline.
func (p *printer) findings(fs []result.Finding, gated bool) {
	p.printf("\nFindings (%d)\n", len(fs))
	if len(fs) == 0 {
		p.printf("  none\n")
		return
	}
	if p.opts.Human {
		p.findingList(fs, gated)
		return
	}
	// The message, the longest column, comes last.
	header := []any{"severity", "check", "layer"}
	if gated {
		header = append(header, "gate")
	}
	t := p.newTable(append(header, "message")...)
	for _, f := range fs {
		row := []any{f.Severity.String(), f.Check, layerText(f)}
		if gated {
			row = append(row, orNone(standing(f), "-"))
		}
		p.append(t, append(row, f.Message)...)
	}
	p.render(t)
}

// standing says how a finding stands with the gate, in a few words.
func standing(f result.Finding) string {
	var parts []string
	switch {
	case f.Waiver != nil:
		w := "waived: " + f.Waiver.Reason
		if f.Waiver.Expires != "" {
			w += " (until " + f.Waiver.Expires + ")"
		}
		parts = append(parts, w)
	case f.Blocking:
		parts = append(parts, "blocking")
	}
	if f.Baseline != "" {
		parts = append(parts, f.Baseline+" since the baseline")
	}
	return strings.Join(parts, "; ")
}

// gate prints the verdict of the gate, when one ran.
func (p *printer) gate(g *result.Gate) {
	if g == nil {
		return
	}
	if g.FailOn == "none" {
		p.printf("\ngate off (--fail-on none)\n")
		return
	}
	verdict := "passed"
	if !g.Passed {
		verdict = "failed"
	}
	p.printf("\ngate %s (fail on %s): %d blocking, %d waived", verdict, g.FailOn, g.Blocking, g.Waived)
	if g.Baseline != "" {
		p.printf(", compared with the baseline %s", g.Baseline)
	}
	p.printf("\n")
}

// findingList prints findings for a person: one line of severity, check and
// layer, and the message wrapped beside it to the terminal's width.
func (p *printer) findingList(fs []result.Finding, gated bool) {
	const indent = 2 + 8 + 24 + 10
	for _, f := range fs {
		layer := ""
		if l := layerText(f); l != "" {
			layer = "layer " + l
		}
		lines := wrap(f.Message, max(p.opts.Width-indent, 30))
		sev := fmt.Sprintf("%-8s", f.Severity)
		if p.opts.Color {
			sev = severityColors[f.Severity] + sev + "\x1b[0m"
		}
		p.printf("  %s%-24s%-10s%s\n", sev, f.Check, layer, lines[0])
		if gated {
			if st := standing(f); st != "" {
				lines = append(lines, wrap("["+st+"]", max(p.opts.Width-indent, 30))...)
			}
		}
		for _, l := range lines[1:] {
			p.printf("%*s%s\n", indent, "", l)
		}
	}
}

func layerText(f result.Finding) string {
	if f.Layer == nil {
		return ""
	}
	return strconv.Itoa(*f.Layer)
}

// wrap breaks text into lines of at most width runes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
