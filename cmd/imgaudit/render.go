package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/result"
	"github.com/imgaudit/imgaudit/report"
)

// render writes one report format.
type render func(w io.Writer, res *result.Result, rules []report.Rule) error

// formats are the names --format takes, in the order help lists them.
var formats = []string{"table", "json", "sarif", "junit", "markdown", "html"}

// renderer picks the report format. A table written to a file is the plain
// one, as in a pipe.
func renderer(format string, ios *streams, toFile bool) (render, error) {
	switch strings.ToLower(format) {
	case "table":
		topts := report.TableOptions{Human: ios.TTY, Color: ios.Color, Width: ios.Width}
		if toFile {
			topts = report.TableOptions{}
		}
		return func(w io.Writer, r *result.Result, _ []report.Rule) error {
			return report.Table(w, r, topts)
		}, nil
	case "json":
		return func(w io.Writer, r *result.Result, _ []report.Rule) error {
			return report.JSON(w, r)
		}, nil
	case "sarif":
		return report.SARIF, nil
	case "junit":
		return report.JUnit, nil
	case "markdown", "md":
		return func(w io.Writer, r *result.Result, _ []report.Rule) error {
			return report.Markdown(w, r)
		}, nil
	case "html":
		return func(w io.Writer, r *result.Result, _ []report.Rule) error {
			return report.HTML(w, r)
		}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(formats, ", "))
}
