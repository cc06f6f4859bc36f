package diff

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dustin/go-humanize"

	"github.com/imgaudit/imgaudit/pkg/diff/change"
)

// Limit is how much the image may grow: its uncompressed file content, the
// figure Report.SizeDelta gives. The limit is Bytes, or when Relative is
// set, Percent of the old image's size.
type Limit struct {
	Bytes    int64
	Percent  float64
	Relative bool
	// text is the limit as given.
	text string
}

// String returns the limit as it was given to ParseLimits.
func (l Limit) String() string {
	switch {
	case l.text != "":
		return l.text
	case l.Relative:
		return strconv.FormatFloat(l.Percent, 'f', -1, 64) + "%"
	}
	return humanize.IBytes(uint64(l.Bytes))
}

// ParseLimits reads growth limits such as "20MB" and "5%"; each value may
// hold several, separated by commas. Sizes take the units of
// humanize.ParseBytes: B, kB, MB, GB (powers of 1000), KiB, MiB, GiB.
func ParseLimits(values []string) ([]Limit, error) {
	var out []Limit
	for _, v := range values {
		for _, s := range strings.Split(v, ",") {
			l, err := parseLimit(strings.TrimSpace(s))
			if err != nil {
				return nil, err
			}
			out = append(out, l)
		}
	}
	return out, nil
}

func parseLimit(s string) (Limit, error) {
	if num, ok := strings.CutSuffix(s, "%"); ok {
		p, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || p < 0 || math.IsInf(p, 0) || math.IsNaN(p) {
			return Limit{}, fmt.Errorf("reading growth limit %q: want a percentage such as 5%%", s)
		}
		return Limit{Percent: p, Relative: true, text: s}, nil
	}

	b, err := humanize.ParseBytes(s)
	if err != nil || b > math.MaxInt64 {
		return Limit{}, fmt.Errorf(
			"reading growth limit %q: want a size such as 20MB or a percentage such as 5%%", s)
	}
	return Limit{Bytes: int64(b), text: s}, nil
}

// gate checks the growth against every limit; nil without limits. A
// shrinking or unchanged image passes all of them.
func gate(rep *change.Report, limits []Limit) *change.Gate {
	if len(limits) == 0 {
		return nil
	}

	g := &change.Gate{}
	grown := rep.SizeDelta
	for _, l := range limits {
		g.Limits = append(g.Limits, l.String())
		if grown <= 0 {
			continue
		}
		if msg := l.exceeded(grown, rep.Old.Size); msg != "" {
			g.Exceeded = append(g.Exceeded, msg)
		}
	}
	return g
}

// exceeded says how growth by grown bytes over an image of size bytes goes
// past l, or "" when it does not.
func (l Limit) exceeded(grown, size int64) string {
	by := fmt.Sprintf("the image grew by %s (%d bytes)", humanize.IBytes(uint64(grown)), grown)
	switch {
	case !l.Relative && grown > l.Bytes:
		return fmt.Sprintf("%s, over the %s limit", by, l)
	case !l.Relative:
		return ""
	case size == 0:
		return fmt.Sprintf("%s from an empty image, over the %s limit", by, l)
	}

	pct := float64(grown) / float64(size) * 100
	if pct > l.Percent {
		return fmt.Sprintf("%s, %.2f%% of its old size, over the %s limit", by, pct, l)
	}
	return ""
}
