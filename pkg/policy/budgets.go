package policy

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dustin/go-humanize"
	"go.yaml.in/yaml/v3"

	"github.com/imgaudit/imgaudit/pkg/check"
)

func (d nodes) budgets(n *yaml.Node) (check.Budgets, error) {
	var b check.Budgets
	fs, err := d.fields(n, "budgets", "imageSize", "layerSize", "wasted")
	if err != nil {
		return b, err
	}

	if v, ok := fs["imageSize"]; ok {
		if b.Image, err = d.size(v, "budgets.imageSize"); err != nil {
			return b, err
		}
	}
	if v, ok := fs["layerSize"]; ok {
		if b.Layer, err = d.size(v, "budgets.layerSize"); err != nil {
			return b, err
		}
	}
	if v, ok := fs["wasted"]; ok {
		s, err := d.str(v, "budgets.wasted")
		if err != nil {
			return b, err
		}
		if strings.HasSuffix(s, "%") {
			b.WastedPercent, err = ParsePercent(s)
		} else {
			b.Wasted, err = ParseSize(s)
		}
		if err != nil {
			return b, d.errorf(v, "budgets.wasted: %v", err)
		}
	}
	return b, nil
}

func (d nodes) size(n *yaml.Node, what string) (int64, error) {
	s, err := d.str(n, what)
	if err != nil {
		return 0, err
	}
	size, err := ParseSize(s)
	if err != nil {
		return 0, d.errorf(n, "%s: %v", what, err)
	}
	return size, nil
}

// ParseSize reads a size above zero such as "500MB", "1.5GiB" or "2048":
// KB, MB and GB count in thousands, KiB, MiB and GiB in 1024s, and a bare
// number counts bytes.
func ParseSize(s string) (int64, error) {
	n, err := humanize.ParseBytes(s)
	if err != nil || n == 0 || n > math.MaxInt64 {
		return 0, fmt.Errorf("bad size %q (want a number above 0 and a unit: "+
			"B, KB, MB, GB, KiB, MiB or GiB)", s)
	}
	return int64(n), nil
}

// ParsePercent reads a share such as "5%" or "12.5%", above 0 and at most
// 100, and returns the number before the percent sign.
func ParsePercent(s string) (float64, error) {
	num, ok := strings.CutSuffix(strings.TrimSpace(s), "%")
	p, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if !ok || err != nil || math.IsNaN(p) || p <= 0 || p > 100 {
		return 0, fmt.Errorf("bad percentage %q (want a number above 0 and at most 100, then %%)", s)
	}
	return p, nil
}
