"""The OKR checker: rules that apply the seed article's principles to OKR documents."""
