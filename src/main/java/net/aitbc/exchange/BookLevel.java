package net.aitbc.exchange;

/** One price level of the book: the AITBC units that still rest there and how many orders hold them. */
public record BookLevel(long price, long amount, int orders) {
}
