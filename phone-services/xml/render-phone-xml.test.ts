import { describe, expect, it } from 'vitest';
import { expectValidPhoneXml, validatePhoneXml } from '../../test/phone/validate-phone-xml.js';
import { encodeXml } from './phone-charset.js';
import { renderExecute } from './render-execute.js';
import { renderInput } from './render-input.js';
import { renderMenu } from './render-menu.js';
import { renderText } from './render-text.js';
import { PhoneXmlError } from './xml-document.js';

const base = 'http://192.0.2.10:8080/phone';
const keys = [
  { name: 'Select', position: 1, url: 'SoftKey:Select' },
  { name: 'Exit', position: 3, url: 'Init:Services' },
];

describe('Cisco XML renderers', () => {
  it('renders a menu that validates against CiscoIPPhone.xsd, softkeys before items', () => {
    const xml = renderMenu(
      {
        title: 'Phone Lock',
        prompt: 'Select an option',
        softKeys: keys,
        items: [
          { name: 'Lock phone', url: `${base}/lock?name=SEP001122334455&line=1` },
          { name: 'Status', url: `${base}/status?name=SEP001122334455&line=1` },
        ],
      },
      'UTF-8',
    );
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.indexOf('<SoftKeyItem>')).toBeLessThan(xml.indexOf('<MenuItem>'));
    expect(xml).toContain('&amp;line=1');
    expectValidPhoneXml(xml);
  });

  it('renders a PIN input with NP flags, the URL before the items and no default value', () => {
    const xml = renderInput(
      {
        title: 'Unlock phone',
        prompt: 'Enter your PIN',
        softKeys: [
          { name: 'Submit', position: 1, url: 'SoftKey:Submit' },
          { name: '<<', position: 2, url: 'SoftKey:<<' },
        ],
        url: `${base}/unlock/submit?name=SEP001122334455&line=1`,
        fields: [{ label: 'PIN', param: 'pin', kind: 'pin' }],
      },
      'UTF-8',
    );
    expect(xml).toContain('<InputFlags>NP</InputFlags>');
    expect(xml).toContain('<Name>&lt;&lt;</Name>');
    expect(xml).not.toContain('DefaultValue');
    expect(xml.indexOf('<URL>http')).toBeLessThan(xml.indexOf('<InputItem>'));
    expectValidPhoneXml(xml);
  });

  it('renders a three-field change-PIN input that validates', () => {
    const xml = renderInput(
      {
        title: 'Change PIN',
        url: `${base}/pin/submit?name=SEP001122334455&line=1`,
        fields: [
          { label: 'Current PIN', param: 'old', kind: 'pin' },
          { label: 'New PIN', param: 'new', kind: 'pin' },
          { label: 'Repeat new PIN', param: 'confirm', kind: 'pin' },
        ],
      },
      'UTF-8',
    );
    expect(xml.match(/<InputItem>/g)).toHaveLength(3);
    expectValidPhoneXml(xml);
  });

  it('renders a text screen whose markup characters are escaped', () => {
    const xml = renderText({ title: 'A & B <c>', text: 'Line 1\nLine "2" & <3>', softKeys: keys }, 'UTF-8');
    expect(xml).toContain('<Title>A &amp; B &lt;c&gt;</Title>');
    expect(xml).toContain('Line 1\nLine "2" &amp; &lt;3&gt;');
    expectValidPhoneXml(xml);
  });

  it('cuts Title and Prompt to 32 characters so an over-long translation still validates', () => {
    const long = 'Ein sehr langer deutscher Titel für das Telefon';
    const xml = renderText({ title: long, prompt: long, text: 'x' }, 'UTF-8');
    const title = /<Title>(.*)<\/Title>/.exec(xml)?.[1] ?? '';
    expect([...title]).toHaveLength(32);
    expect(title.endsWith('\u2026')).toBe(true);
    expectValidPhoneXml(xml);
  });

  it('declares ISO-8859-1 and writes Latin-1 bytes, replacing characters outside Latin-1', () => {
    const xml = renderText({ title: 'Sperre für Nebenstelle', text: 'Coût 5 € — ok …' }, 'ISO-8859-1');
    expect(xml.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
    expect(xml).toContain('Coût 5 EUR - ok ...');
    const bytes = encodeXml(xml, 'ISO-8859-1');
    expect(bytes.includes(Buffer.from([0xfc]))).toBe(true); // ü as one Latin-1 byte
    expectValidPhoneXml(bytes);
  });

  it('strips control characters that would break the phone parser', () => {
    const xml = renderText({ title: 'bad\u0007title', text: 'a\u0000b\tc\r\nd' }, 'UTF-8');
    expect(xml).toContain('<Title>bad title</Title>');
    expect(xml).toContain('ab\tc');
    expectValidPhoneXml(xml);
  });

  it('renders an Execute push object with priority that validates', () => {
    const xml = renderExecute({ items: [{ url: `${base}/notice?name=SEP001122334455&line=1`, priority: 1 }] });
    expect(xml).toContain('Priority="1"');
    expectValidPhoneXml(xml);
  });

  it('refuses a URL longer than 256 characters rather than cutting it', () => {
    expect(() => renderMenu({ items: [{ name: 'x', url: `${base}/${'a'.repeat(260)}` }] }, 'UTF-8')).toThrow(
      PhoneXmlError,
    );
  });

  it('refuses a second http URL in one Execute object', () => {
    expect(() => renderExecute({ items: [{ url: `${base}/a` }, { url: `${base}/b` }] })).toThrow(PhoneXmlError);
  });

  it('the validator itself rejects a document in the wrong element order', () => {
    const wrong =
      '<?xml version="1.0" encoding="UTF-8"?><CiscoIPPhoneText><Text>x</Text><Title>t</Title></CiscoIPPhoneText>';
    expect(validatePhoneXml(wrong).valid).toBe(false);
  });
});
