// Package report renders a result.Result, one function per format, each to
// an io.Writer. Renderers read only the result types: they never open an
// image or touch the network.
package report
