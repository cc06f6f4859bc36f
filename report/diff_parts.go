package report

import (
	"fmt"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/result"
)

func (p *printer) diffFindings(title string, fs []result.Finding) {
	p.printf("\n%s (%d)\n", title, len(fs))
	if len(fs) == 0 {
		p.printf("  none\n")
		return
	}
	if p.opts.Human {
		p.findingList(fs, false)
		return
	}
	t := p.newTable("severity", "check", "layer", "path", "message")
	for _, f := range fs {
		p.append(t, f.Severity.String(), f.Check, layerText(f), f.Path, f.Message)
	}
	p.render(t)
}

func (p *printer) diffConfig(cs []change.Config) {
	p.printf("\nConfig (%s)\n", plural(len(cs), "change"))
	if len(cs) == 0 {
		p.printf("  none\n")
	}
	for _, c := range cs {
		p.printf("  %-28s %-8s %s\n", configName(c), c.Change, configValues(c))
	}
}

// configName is the field of a config change, with its key if it has one.
func configName(c change.Config) string {
	if c.Key == "" {
		return c.Field
	}
	return c.Field + " " + c.Key
}

// configValues writes the old and new value of a config change. Variables'
// values are never in the report.
func configValues(c change.Config) string {
	switch {
	case c.Field == "env":
		return "(value not shown)"
	case c.Field == "port":
		return ""
	case c.Change == change.Added:
		return c.New
	case c.Change == change.Removed:
		return c.Old
	}
	return fmt.Sprintf("%s → %s", orNone(c.Old, "(none)"), orNone(c.New, "(none)"))
}

func (p *printer) diffGate(g *change.Gate) {
	if g == nil {
		return
	}
	verdict := "passed"
	if g.Failed() {
		verdict = "failed"
	}
	p.printf("\nGrowth gate %s (limits: %s)\n", verdict, strings.Join(g.Limits, ", "))
	for _, e := range g.Exceeded {
		p.printf("  %s\n", e)
	}
}

func magnitude(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
