"""ATIS: the information system of a national response to trafficking in human beings."""
