import { describe, expect, it } from 'vitest';
import { asList, parseAxlXml, XmlSyntaxError } from './parse-axl-xml.js';

const xml = (text: string) => parseAxlXml(Buffer.from(text, 'utf8'));

describe('parseAxlXml', () => {
  it('reads an AXL answer as plain objects by local name, repeated elements as lists', () => {
    const tree = xml(
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope ' +
        'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">' +
        '<soapenv:Body><ns:listUserResponse xmlns:ns="http://www.cisco.com/AXL/API/14.0"><return>' +
        '<user uuid="{A}"><userid>alice</userid><primaryExtension><pattern>2001</pattern></primaryExtension></user>' +
        '<user uuid="{B}"><userid> bob </userid><mailid/></user>' +
        '</return></ns:listUserResponse></soapenv:Body></soapenv:Envelope>',
    );
    expect(tree).toEqual({
      Envelope: {
        Body: {
          listUserResponse: {
            return: {
              user: [
                { userid: 'alice', primaryExtension: { pattern: '2001' } },
                { userid: 'bob', mailid: '' },
              ],
            },
          },
        },
      },
    });
  });

  it('decodes entities, character references, CDATA and UTF-8, and skips comments and quoted ">" in attributes', () => {
    const tree = xml(
      '<r><!-- a comment --><a x="1 > 0">Smith &amp; Co &lt;HQ&gt; &#8364;&#x41;</a>' +
        "<b><![CDATA[<raw> & text]]></b><c a='q\"/>'>Müller–Łódź</c></r>",
    );
    expect(tree).toEqual({ r: { a: 'Smith & Co <HQ> €A', b: '<raw> & text', c: 'Müller–Łódź' } });
  });

  it('gives one element or none as a list', () => {
    expect(asList(undefined)).toEqual([]);
    expect(asList('x')).toEqual(['x']);
    expect(asList(['x', 'y'])).toEqual(['x', 'y']);
  });

  it('refuses an answer that is cut short or mismatched', () => {
    expect(() => xml('<a><b>text</b>')).toThrow(XmlSyntaxError);
    expect(() => xml('<a><b>text</a></b>')).toThrow(XmlSyntaxError);
    expect(() => xml('<a><b')).toThrow(XmlSyntaxError);
  });
});
