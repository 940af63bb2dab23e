<?xml version="1.0" encoding="UTF-8"?>
<!--
  floor-text.xsl — the least a text rendering of a gfa instance can do (make bench, issue
  13): one walk over the paragraphs and the tables, a line per paragraph, per header row and
  per body row, cells separated by tabs, the text as stored. No keys, no findings, no
  number formatting, no column layout: libxml2 and libxslt's own cost of walking what
  xslt/text.xsl walks, the floor gfa's rendering is measured against (bench/floor.c).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:g="urn:gfa:report:1"
    exclude-result-prefixes="g">

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <xsl:variable name="tab" select="'&#9;'"/>

  <xsl:template match="/">
    <xsl:value-of select="concat(g:report/g:header/g:title, $nl)"/>
    <xsl:apply-templates select="//g:p | //g:item | //g:remark | //g:table
                                 | //g:funds | //g:indicators"/>
  </xsl:template>

  <!-- each line in an element of its own: libxslt merges adjacent text nodes by copying -->
  <xsl:template match="g:p | g:item | g:remark">
    <l><xsl:value-of select="concat(., $nl)"/></l>
  </xsl:template>

  <xsl:template match="g:table">
    <xsl:value-of select="concat($nl, g:title, $nl)"/>
    <xsl:for-each select="g:header/g:hrow"><l>
      <xsl:for-each select="g:h"><xsl:value-of select="concat(., $tab)"/></xsl:for-each>
      <xsl:value-of select="$nl"/>
    </l></xsl:for-each>
    <xsl:for-each select="g:part/g:row"><l>
      <xsl:value-of select="concat(@code, $tab, @label, @name)"/>
      <xsl:for-each select="*[@cell]"><xsl:value-of select="concat($tab, .)"/></xsl:for-each>
      <xsl:value-of select="$nl"/>
    </l></xsl:for-each>
  </xsl:template>

  <!-- the rows of a performance form -->
  <xsl:template match="g:funds | g:indicators">
    <xsl:for-each select="g:fund | g:indicator"><l>
      <xsl:for-each select="@* | *"><xsl:value-of select="concat(., $tab)"/></xsl:for-each>
      <xsl:value-of select="$nl"/>
    </l></xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
