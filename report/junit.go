package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// JUnit XML types, in the form CI servers read.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Skipped  int          `xml:"skipped,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Properties []junitProperty `xml:"properties>property"`
		Cases      []junitCase     `xml:"testcase"`
		SystemOut  *junitText      `xml:"system-out"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		ClassName string        `xml:"classname,attr"`
		Failure   *junitFailure `xml:"failure"`
		Skipped   *junitSkipped `xml:"skipped"`
		SystemOut *junitText    `xml:"system-out"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",cdata"`
	}
	junitText struct {
		Text string `xml:",cdata"`
	}
	junitSkipped struct {
		Message string `xml:"message,attr"`
	}
)

// JUnit writes the result as JUnit XML: one test suite for the image and
// one test case for each check in rules. A check with findings that no
// waiver covers fails, its failure listing them all; a check whose findings
// are all waived, or that the policy turned off, is skipped; any other
// passes. The failure's type is the severity of its most severe finding.
func JUnit(w io.Writer, res *result.Result, rules []Rule) error {
	byCheck := map[string][]result.Finding{}
	for _, f := range res.Findings {
		byCheck[f.Check] = append(byCheck[f.Check], f)
	}

	suite := junitSuite{
		Name:       res.Image.Source + ":" + res.Image.Reference,
		Properties: junitProperties(res),
		SystemOut:  junitOut(res.Notes),
	}
	for _, r := range rules {
		c := junitCaseOf(r, byCheck[r.ID])
		suite.Cases = append(suite.Cases, c)
		suite.Tests++
		if c.Failure != nil {
			suite.Failures++
		}
		if c.Skipped != nil {
			suite.Skipped++
		}
	}

	doc := junitSuites{
		Name: "imgaudit", Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped,
		Suites: []junitSuite{suite},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitCaseOf(r Rule, fs []result.Finding) junitCase {
	c := junitCase{Name: r.ID, ClassName: "imgaudit"}
	if r.Disabled {
		c.Skipped = &junitSkipped{Message: "turned off by the policy"}
		return c
	}

	var open, waived []result.Finding
	for _, f := range fs {
		if f.Waiver != nil {
			waived = append(waived, f)
		} else {
			open = append(open, f)
		}
	}
	var out []string
	for _, f := range waived {
		out = append(out, "waived ("+f.Waiver.Reason+"): "+junitLine(f))
	}
	c.SystemOut = junitOut(out)

	switch {
	case len(open) > 0:
		lines := make([]string, len(open))
		for i, f := range open {
			lines[i] = junitLine(f)
		}
		c.Failure = &junitFailure{
			Message: junitMessage(open),
			Type:    mostSevere(open).String(),
			Text:    strings.Join(lines, "\n"),
		}
	case len(waived) > 0:
		c.Skipped = &junitSkipped{Message: fmt.Sprintf("%d findings waived", len(waived))}
	}
	return c
}

// junitOut is a system-out element holding lines, or nothing without any.
func junitOut(lines []string) *junitText {
	if len(lines) == 0 {
		return nil
	}
	return &junitText{Text: strings.Join(lines, "\n")}
}

func mostSevere(fs []result.Finding) result.Severity {
	var most result.Severity
	for _, f := range fs {
		most = max(most, f.Severity)
	}
	return most
}

func junitMessage(open []result.Finding) string {
	if len(open) == 1 {
		return open[0].Message
	}
	return fmt.Sprintf("%d findings; the first: %s", len(open), open[0].Message)
}

// junitLine describes one finding on one line.
func junitLine(f result.Finding) string {
	s := f.Severity.String()
	if f.Path != "" {
		s += " " + f.Path
	}
	if f.Layer != nil {
		s += " (" + layerNote(f) + ")"
	}
	if f.Blocking {
		s += " [blocks the gate]"
	}
	return xmlSafe(s + ": " + f.Message)
}

// xmlSafe replaces the characters XML 1.0 cannot hold, such as control
// characters in a file name, with U+FFFD.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) ||
			(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF) {
			return r
		}
		return '\uFFFD'
	}, s)
}

func junitProperties(res *result.Result) []junitProperty {
	var props []junitProperty
	add := func(name, value string) {
		if value != "" {
			props = append(props, junitProperty{Name: name, Value: value})
		}
	}
	add("image.source", res.Image.Source)
	add("image.reference", res.Image.Reference)
	add("image.digest", res.Image.Digest)
	add("image.platform", res.Image.Platform)
	if g := res.Gate; g != nil {
		add("gate.failOn", g.FailOn)
		add("gate.passed", fmt.Sprint(g.Passed))
	}
	return props
}
