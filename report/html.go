package report

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"

	"github.com/dustin/go-humanize"

	"github.com/imgaudit/imgaudit/pkg/result"
)

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"bytes":   func(n int64) string { return humanize.IBytes(uint64(n)) },
	"args":    func(a []string) string { return orNone(quoteArgs(a), "none") },
	"short":   createdBy,
	"percent": func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) },
}).Parse(htmlSource))

// Chart geometry, in SVG user units.
const (
	chartRow     = 24  // height of one bar and its gap
	chartLabelW  = 330 // width of the labels left of the bars
	chartBarW    = 420 // length of the longest bar
	chartFolders = 10  // folders the folder chart shows
)

// htmlPage is what the template reads.
type htmlPage struct {
	*result.Result
	Open, Waived []result.Finding
	Counts       []htmlCount
	Verdict      string // passed, failed or off
	LayerChart   htmlChart
	FolderChart  htmlChart
}

type htmlCount struct {
	Severity result.Severity
	N        int
}

// htmlChart is a horizontal bar chart drawn as SVG.
type htmlChart struct {
	Bars   []htmlBar
	Height int
}

type htmlBar struct {
	Label string // shortened to fit
	Title string // the whole label, shown on hover
	Size  int64
	Y     int     // top of the bar
	W     float64 // length of the bar
}

// HTML writes the result as one self-contained HTML page: the gate's
// verdict, the findings with a filter by severity, a bar chart of the
// layers' sizes and one of the biggest folders, and the image's facts. The
// page loads nothing: styles and script are inline, charts are SVG, and its
// content security policy forbids every request. Every text from the image
// goes through html/template's escaping.
func HTML(w io.Writer, res *result.Result) error {
	page := htmlPage{Result: res, Verdict: "off"}
	if g := res.Gate; g != nil && g.FailOn != "none" {
		page.Verdict = "failed"
		if g.Passed {
			page.Verdict = "passed"
		}
	}

	counts := map[result.Severity]int{}
	for _, f := range res.Findings {
		counts[f.Severity]++
		if f.Waiver != nil {
			page.Waived = append(page.Waived, f)
		} else {
			page.Open = append(page.Open, f)
		}
	}
	for _, s := range []result.Severity{result.High, result.Medium, result.Low, result.Info} {
		page.Counts = append(page.Counts, htmlCount{Severity: s, N: counts[s]})
	}

	layers := make([]htmlBar, 0, len(res.Layers))
	for _, l := range res.Layers {
		title := "#" + strconv.Itoa(l.Index) + " " + createdBy(l.CreatedBy)
		layers = append(layers, htmlBar{Title: title, Size: l.Size})
	}
	page.LayerChart = chart(layers)
	folders := make([]htmlBar, 0, min(chartFolders, len(res.Folders)))
	for _, f := range res.Folders[:min(chartFolders, len(res.Folders))] {
		folders = append(folders, htmlBar{Title: f.Path, Size: f.Size})
	}
	page.FolderChart = chart(folders)

	return htmlTemplate.Execute(w, page)
}

// chart lays bars out one under the other, the longest chartBarW long.
func chart(bars []htmlBar) htmlChart {
	var most int64
	for _, b := range bars {
		most = max(most, b.Size)
	}
	for i := range bars {
		b := &bars[i]
		b.Y = i * chartRow
		b.Label = shorten(b.Title, 44)
		if most > 0 {
			b.W = max(1, float64(b.Size)/float64(most)*chartBarW)
		}
	}
	return htmlChart{Bars: bars, Height: max(len(bars)*chartRow, chartRow)}
}

// shorten cuts s to n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
